namespace Arrakis.Load.Bench;

/// <summary>The witness once every message is done.</summary>
public static class Settled
{
    /// <summary>
    /// Waits (bounded) until every message is done, then reads the witness once more: a report reads the simulator's
    /// log before the done records, so a message that became done between the two can show a callback still in
    /// flight (no status yet) in the report that saw it done.
    /// </summary>
    public static async Task<WitnessReport> ReadAsync(LoadWorld world, IReadOnlyList<SentMessage> sent, TimeSpan timeout)
    {
        await SmokeScenario.SettleAsync(world, sent, timeout);
        return await WitnessReport.ReadAsync(world, sent);
    }
}
