using System.Diagnostics;
using System.Globalization;

namespace Arrakis.Load.Chaos;

/// <summary>
/// <c>chaos broker-restart</c>: <c>rabbitmqctl stop_app</c>, a few seconds, <c>start_app</c>, while traffic flows (the
/// load tool republishes what the broker did not confirm, as the ingestor does). Pass: the worker is ready and handles
/// a message again within 5 s of start_app returning, nothing lost, nothing doubled. Needs the measurement lock.
/// </summary>
public static class BrokerRestartScenario
{
    public static readonly TimeSpan Target = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(Arguments args, TextWriter output)
    {
        var rate = args.Number("rate", 200);
        var duration = TimeSpan.FromSeconds(args.Number("duration", 25));
        var stopAfter = TimeSpan.FromSeconds(args.Number("stop-after", 6));
        var hold = TimeSpan.FromSeconds(args.Number("down", 3));
        var mix = TrafficMix.Parse(args.Text("mix", ChaosSetup.DefaultMix));
        await using var setup = await ChaosSetup.StartAsync(args, "broker-restart");
        var world = setup.World;
        var verdict = new ChaosVerdict("broker-restart");

        var worker = await setup.StartWorkerAsync();
        await using var load = new IngestorLoad(world.Broker.Url, setup.Factory);
        var clock = Stopwatch.StartNew();
        var publishing = load.PublishForAsync(mix, duration, rate);

        await Task.Delay(stopAfter);
        var stopAt = DateTimeOffset.UtcNow;
        var stopping = Stopwatch.StartNew();
        Recovery recovery;
        DateTimeOffset backAt;
        try
        {
            await ChaosServices.RabbitMqCtlAsync("stop_app");
            verdict.Figure("stopAppMs", stopping.Elapsed.TotalMilliseconds, 0);
            await Task.Delay(hold);
        }
        finally
        {
            // Whatever happened, the shared broker is never left down.
            await ChaosServices.RabbitMqCtlAsync("start_app");
            backAt = DateTimeOffset.UtcNow;
        }

        recovery = await Recovery.MeasureAsync(worker, TimeSpan.FromSeconds(60));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"broker down {(backAt - stopAt).TotalSeconds:F1} s (stop_app to start_app returning); worker ready {Recovery.Ms(recovery.Ready)} and handling {Recovery.Ms(recovery.Consuming)} after start_app returned"));

        var sent = await publishing;
        var report = await setup.SettleAsync(sent, TimeSpan.FromSeconds(args.Number("settle", 150)));
        var settled = clock.Elapsed;
        var counts = await worker.CountsAsync();

        verdict.Check("ready within 5 s of the broker being back", recovery.Ready <= Target, Recovery.Ms(recovery.Ready));
        verdict.Check("consuming within 5 s of the broker being back", recovery.Consuming <= Target, Recovery.Ms(recovery.Consuming));
        verdict.Check("the worker stayed up", !worker.HasExited, worker.HasExited ? "exited" : "running, no restart");
        verdict.CheckWitness(report, sent, new Outage(stopAt, backAt + (recovery.Ready ?? TimeSpan.Zero)));
        // An interaction whose callback could not go out in its window is dead-lettered by the Discord adapter (reason
        // discord-0, "not resent"): counted here; guild events are covered by "every guild event done".
        verdict.Figure("deadLettered", counts?.DeadLettered ?? -1);
        verdict.Figure("ratePerSecond", rate);
        verdict.Figure("mix", mix.ToString());
        verdict.Figure("brokerDownS", (backAt - stopAt).TotalSeconds);
        verdict.Figure("readyAfterBackMs", recovery.Ready?.TotalMilliseconds ?? -1, 0);
        verdict.Figure("consumingAfterBackMs", recovery.Consuming?.TotalMilliseconds ?? -1, 0);
        verdict.Figure("republished", load.Republished);
        verdict.Figure("settledAfterS", settled.TotalSeconds);
        verdict.Figure("workerRetried", counts?.Retried ?? -1);
        verdict.Figure("workerDropped", counts?.Dropped ?? -1);
        verdict.Figure("peakRssMb", Figures.Megabytes(worker.PeakRssBytes), 0);
        return await verdict.FinishAsync(output, setup);
    }
}
