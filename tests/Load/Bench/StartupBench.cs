using System.Globalization;

namespace Arrakis.Load.Bench;

/// <summary>
/// <c>bench startup</c>: worker processes started one after the other, each timed from the process start to
/// /health/ready answering 200 (both consumers subscribed, Redis answering), read every 10 ms, then stopped.
/// </summary>
public static class StartupBench
{
    public static async Task<BenchResult> RunAsync(Arguments args, TextWriter output)
    {
        var times = args.Whole("times", 5);
        var result = new BenchResult
        {
            Label = "startup",
            Note = string.Create(CultureInfo.InvariantCulture,
                $"{times} worker processes, one after the other, in one world (the first declares the topology, the others find it); median of the {times}"),
            Targets = { new BenchTarget("peak_rss_mb", "<", 150) },
        };
        await using var world = await LoadWorld.StartAsync(BenchCommand.LogDirectory(args));
        var startups = new List<double>();
        var rss = 0.0;
        for (var i = 0; i < times; i++)
        {
            var worker = await world.StartReadyWorkerAsync(args.WorkerEnvironment());
            startups.Add(worker.StartupTime!.Value.TotalMilliseconds);
            rss = Math.Max(rss, Figures.Megabytes(worker.PeakRssBytes));
            await worker.StopAsync();
        }

        result["startup_ms"] = Figures.Median(startups);
        result["startup_first_ms"] = startups[0];
        result["startup_min_ms"] = startups.Min();
        result["startup_max_ms"] = startups.Max();
        result["peak_rss_mb"] = rss;
        return result;
    }
}
