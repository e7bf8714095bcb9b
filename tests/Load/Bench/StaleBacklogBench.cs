using System.Diagnostics;
using System.Globalization;

namespace Arrakis.Load.Bench;

/// <summary>
/// <c>bench stale-backlog</c>: interactions already older than Discord's 3-second window queued while no worker runs
/// (as after an outage), then a worker starts and, once it consumes, fresh interactions flow behind the backlog. The
/// stale ones must be dropped unanswered (and counted), the fresh ones answered inside the window.
/// </summary>
public static class StaleBacklogBench
{
    public const string InteractionQueue = "arrakis.interactions";

    public static async Task<BenchResult> RunAsync(Arguments args, TextWriter output)
    {
        var staleCount = args.Whole("stale", 5000);
        var rate = args.Number("rate", 200);
        var seconds = args.Number("seconds", 10);
        var age = TimeSpan.FromMilliseconds(args.Whole("age-ms", 10_000));
        var result = new BenchResult
        {
            Label = "stale-backlog",
            Note = string.Create(CultureInfo.InvariantCulture,
                $"{staleCount} interactions ({LatencyBench.Mix}) {age.TotalSeconds:F0} s old queued with no worker; the worker started; from its readiness, fresh ones at {rate:F0}/s for {seconds:F0} s"),
            Targets =
            {
                new BenchTarget("late_10062", "<=", 0, EveryRun: true),
                new BenchTarget("fresh_unanswered", "<=", 0, EveryRun: true),
                new BenchTarget("stale_not_dropped", "<=", 0, EveryRun: true),
                new BenchTarget("peak_rss_mb", "<", 150),
            },
        };
        await using var world = await LoadWorld.StartAsync(BenchCommand.LogDirectory(args), o => o.ValidateRequests = args.Flag("validate"));
        var declaring = await world.StartReadyWorkerAsync(args.WorkerEnvironment());
        await declaring.StopAsync();
        await using var load = new IngestorLoad(world.Broker.Url, new MessageFactory([]));
        var stale = await load.PublishAsync(LatencyBench.Mix, staleCount, perSecond: 0, age);
        await ThroughputBench.WaitQueuedAsync(world, InteractionQueue, staleCount);

        var worker = await world.StartReadyWorkerAsync(args.WorkerEnvironment());
        var ready = Stopwatch.StartNew();
        var dropping = WaitDroppedAsync(worker, staleCount, ready);
        var fresh = await load.PublishAsync(LatencyBench.Mix, (int)(rate * seconds), rate);
        var report = await WitnessReport.SettleAsync(world, fresh, TimeSpan.FromSeconds(60));
        var dropped = await dropping;
        var firsts = FirstCallbacks.Read(world);

        result["stale"] = staleCount;
        result["stale_dropped"] = dropped.Count;
        result["stale_not_dropped"] = staleCount - dropped.Count;
        result["stale_answered"] = stale.Count(m => firsts.ContainsKey(m.InteractionToken!));
        result["backlog_dropped_after_ready_ms"] = dropped.AfterReadyMs;
        result["fresh"] = report.Interactions;
        result["fresh_unanswered"] = report.Unanswered;
        result["late_10062"] = report.LateCallbacks;
        result.AddLatencies("fresh", FirstCallbacks.Of(firsts, fresh));
        result["peak_rss_mb"] = Figures.Megabytes(worker.PeakRssBytes);
        return result;
    }

    /// <summary>Polls /health until the worker has dropped <paramref name="expected"/> (bounded: 60 s).</summary>
    private static async Task<(long Count, double AfterReadyMs)> WaitDroppedAsync(WorkerProcess worker, long expected, Stopwatch ready)
    {
        long dropped = 0;
        while (ready.Elapsed < TimeSpan.FromSeconds(60) && !worker.HasExited)
        {
            dropped = (await worker.CountsAsync())?.Dropped ?? dropped;
            if (dropped >= expected)
            {
                return (dropped, ready.Elapsed.TotalMilliseconds);
            }

            await Task.Delay(HealthWatch.Interval);
        }

        return (dropped, double.NaN);
    }
}
