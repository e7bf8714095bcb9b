using Arrakis.DiscordSimulator;

namespace Arrakis.Load.Bench;

/// <summary>
/// Per interaction token, the latency of the first callback the simulator received for it: from the interaction's
/// creation (its snowflake, to the millisecond) to the request's arrival at the simulator.
/// </summary>
public static class FirstCallbacks
{
    public static Dictionary<string, double> Read(LoadWorld world) =>
        world.Simulator.Requests
            .Where(r => r.Route == SimulatedRoutes.Callback && r.CallbackLatencyMs is not null)
            .GroupBy(r => r.Values.GetValueOrDefault("interaction_token") ?? "", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.MinBy(r => r.Sequence)!.CallbackLatencyMs!.Value, StringComparer.Ordinal);

    /// <summary>The sorted latencies of <paramref name="messages"/>' first callbacks (those that had one).</summary>
    public static List<double> Of(Dictionary<string, double> firsts, IEnumerable<SentMessage> messages) =>
        [.. messages.Where(m => m.IsInteraction).Select(m => firsts.TryGetValue(m.InteractionToken!, out var ms) ? ms : (double?)null).OfType<double>().Order()];
}
