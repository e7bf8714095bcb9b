using System.Diagnostics;

namespace Arrakis.Load.Chaos;

/// <summary>
/// <c>chaos broker-restart</c>: <c>rabbitmqctl stop_app</c>, a few seconds, <c>start_app</c>, while traffic flows (the
/// load tool republishes what the broker did not confirm, as the ingestor does). Pass: the worker is ready and handles
/// a message again within 5 s of start_app returning, nothing lost, nothing doubled. Needs the measurement lock.
/// </summary>
public static class BrokerRestartScenario
{
    public static async Task<int> RunAsync(Arguments args, TextWriter output)
    {
        await using var setup = await ChaosSetup.StartAsync(args, "broker-restart");
        var verdict = new ChaosVerdict("broker-restart");
        await OutageRun.RunAsync(
            args, output, setup, verdict, "the broker", "broker", defaultDown: TimeSpan.FromSeconds(3),
            stop: async () =>
            {
                var stopping = Stopwatch.StartNew();
                await ChaosServices.RabbitMqCtlAsync("stop_app");
                return ("stopAppMs", stopping.Elapsed);
            },
            start: () => ChaosServices.RabbitMqCtlAsync("start_app"));
        return await verdict.FinishAsync(output, setup);
    }
}
