using System.Diagnostics;
using System.Globalization;
using Arrakis.DiscordSimulator;

namespace Arrakis.Load.Chaos;

/// <summary>
/// <c>chaos redis-restart</c>: Redis stops (SHUTDOWN SAVE: its data is kept, as with the persistence ADR 0030 asks of
/// production) for longer than the multiplexer's 5-second backlog, then starts again, while traffic flows. Pass, the
/// documented degraded behavior: the worker stays up and reports not ready meanwhile, nothing runs without its
/// claim (events are retried, interactions told "temporarily unavailable" where their window allows), it is ready
/// and handling again soon after Redis is, and afterwards nothing is lost or doubled. Needs the measurement lock.
/// </summary>
public static class RedisRestartScenario
{
    public static readonly TimeSpan Target = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(Arguments args, TextWriter output)
    {
        var rate = args.Number("rate", 200);
        var duration = TimeSpan.FromSeconds(args.Number("duration", 25));
        var stopAfter = TimeSpan.FromSeconds(args.Number("stop-after", 6));
        var down = TimeSpan.FromSeconds(args.Number("down", 8));
        var mix = TrafficMix.Parse(args.Text("mix", ChaosSetup.DefaultMix));
        await using var setup = await ChaosSetup.StartAsync(args, "redis-restart");
        var world = setup.World;
        var verdict = new ChaosVerdict("redis-restart");

        var worker = await setup.StartWorkerAsync();
        await using var load = new IngestorLoad(world.Broker.Url, setup.Factory);
        var clock = Stopwatch.StartNew();
        var publishing = load.PublishForAsync(mix, duration, rate);

        await Task.Delay(stopAfter);
        var stopAt = DateTimeOffset.UtcNow;
        bool? readyDuringOutage = null;
        DateTimeOffset backAt;
        try
        {
            var stopping = Stopwatch.StartNew();
            await ChaosServices.StopRedisAsync();
            verdict.Figure("shutdownSaveMs", stopping.Elapsed.TotalMilliseconds, 0);
            await Task.Delay(down / 2);
            readyDuringOutage = await worker.IsReadyAsync();
            var left = down - (DateTimeOffset.UtcNow - stopAt);
            if (left > TimeSpan.Zero)
            {
                await Task.Delay(left);
            }
        }
        finally
        {
            // Whatever happened, the shared Redis is never left down.
            await ChaosServices.StartRedisAsync();
            backAt = DateTimeOffset.UtcNow;
        }

        var recovery = await Recovery.MeasureAsync(worker, TimeSpan.FromSeconds(60));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"redis down {(backAt - stopAt).TotalSeconds:F1} s; worker ready {Recovery.Ms(recovery.Ready)} and handling {Recovery.Ms(recovery.Consuming)} after redis was back"));

        var sent = await publishing;
        var report = await setup.SettleAsync(sent, TimeSpan.FromSeconds(args.Number("settle", 150)));
        var settled = clock.Elapsed;
        var counts = await worker.CountsAsync();
        var toldUnavailable = world.Simulator.Requests.Count(r => SimulatedRoutes.IsInteractionRoute(r.Route) && r.Status is >= 200 and < 300
            && r.Body.Contains("temporarily unavailable", StringComparison.Ordinal));

        verdict.Check("the worker stayed up", !worker.HasExited, worker.HasExited ? "exited" : "running, no restart");
        verdict.Check("not ready while Redis is down", readyDuringOutage == false, readyDuringOutage == false ? "/health/ready not 200" : "/health/ready answered 200");
        verdict.Check("ready within 5 s of Redis being back", recovery.Ready <= Target, Recovery.Ms(recovery.Ready));
        verdict.Check("consuming within 5 s of Redis being back", recovery.Consuming <= Target, Recovery.Ms(recovery.Consuming));
        verdict.Check("events retried, not run, during the outage", counts?.Retried > 0, $"{counts?.Retried} retried");
        verdict.CheckWitness(report, sent, new Outage(stopAt, backAt + (recovery.Ready ?? TimeSpan.Zero)));
        // An interaction whose callback could not go out in its window is dead-lettered by the Discord adapter (reason
        // discord-0, "not resent"): counted here; guild events are covered by "every guild event done".
        verdict.Figure("deadLettered", counts?.DeadLettered ?? -1);
        verdict.Figure("ratePerSecond", rate);
        verdict.Figure("mix", mix.ToString());
        verdict.Figure("redisDownS", (backAt - stopAt).TotalSeconds);
        verdict.Figure("readyAfterBackMs", recovery.Ready?.TotalMilliseconds ?? -1, 0);
        verdict.Figure("consumingAfterBackMs", recovery.Consuming?.TotalMilliseconds ?? -1, 0);
        verdict.Figure("toldTemporarilyUnavailable", toldUnavailable);
        verdict.Figure("settledAfterS", settled.TotalSeconds);
        verdict.Figure("workerRetried", counts?.Retried ?? -1);
        verdict.Figure("workerDropped", counts?.Dropped ?? -1);
        verdict.Figure("peakRssMb", Figures.Megabytes(worker.PeakRssBytes), 0);
        return await verdict.FinishAsync(output, setup);
    }
}
