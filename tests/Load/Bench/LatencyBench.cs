using System.Diagnostics;
using System.Globalization;

namespace Arrakis.Load.Bench;

/// <summary>
/// <c>bench latency --rate N</c> and <c>bench slow-discord</c>: interactions (deferring <c>/verify</c>, some
/// <c>/ping</c>) published at N per second to a ready worker; from each interaction's creation to the simulator
/// receiving its first callback. The first seconds warm the worker up: they are reported apart (cold) and kept out
/// of the measured figures.
/// </summary>
public static class LatencyBench
{
    public static readonly TrafficMix Mix = TrafficMix.Parse("verify=4,ping=1");

    public static Task<BenchResult> RunAsync(Arguments args, TextWriter output)
    {
        var rate = args.Number("rate", 500);
        var result = new BenchResult
        {
            Label = string.Create(CultureInfo.InvariantCulture, $"latency-{rate:F0}"),
            Targets = { new BenchTarget("late_10062", "<=", 0, EveryRun: true), new BenchTarget("unanswered", "<=", 0, EveryRun: true), new BenchTarget("peak_rss_mb", "<", 150) },
        };
        if (rate >= 1000)
        {
            result.Targets.Add(new BenchTarget("measured_p99_ms", "<", 25));
        }
        else if (rate >= 500)
        {
            result.Targets.Add(new BenchTarget("measured_p99_ms", "<", 10));
        }

        return MeasureAsync(args, output, result, rate, TimeSpan.Zero);
    }

    public static Task<BenchResult> RunSlowDiscordAsync(Arguments args, TextWriter output)
    {
        var result = new BenchResult
        {
            Label = "slow-discord",
            Targets = { new BenchTarget("late_10062", "<=", 0, EveryRun: true), new BenchTarget("unanswered", "<=", 0, EveryRun: true), new BenchTarget("peak_rss_mb", "<", 150) },
        };
        return MeasureAsync(args, output, result, args.Number("rate", 200), TimeSpan.FromMilliseconds(args.Whole("latency-ms", 150)));
    }

    private static async Task<BenchResult> MeasureAsync(Arguments args, TextWriter output, BenchResult result, double rate, TimeSpan discordLatency)
    {
        var warmup = args.Number("warmup", 10);
        var seconds = args.Number("seconds", 10);
        result.Note = string.Create(CultureInfo.InvariantCulture,
            $"{Mix} at {rate:F0}/s: {warmup:F0} s of warm-up (reported as cold_*, excluded from measured_*), then {seconds:F0} s measured; " +
            $"simulator latency {discordLatency.TotalMilliseconds:F0} ms per call, request validation {(args.Flag("validate") ? "on" : "off")}");
        await using var world = await LoadWorld.StartAsync(BenchCommand.LogDirectory(args), o =>
        {
            o.Latency = discordLatency;
            // The OpenAPI checks cost the load tool's CPU, on the cores the worker measured here runs on; the
            // feature and end-to-end tests run them on every request the worker makes.
            o.ValidateRequests = args.Flag("validate");
        });
        var worker = await world.StartReadyWorkerAsync(args.WorkerEnvironment());
        result["startup_ms"] = worker.StartupTime!.Value.TotalMilliseconds;
        await using var load = new IngestorLoad(world.Broker.Url, new MessageFactory([]));

        var clock = Stopwatch.StartNew();
        var cold = await load.PublishAsync(Mix, (int)(warmup * rate), rate);
        var measuredFrom = clock.Elapsed;
        var cpuFrom = worker.CpuTime;
        var toolCpuFrom = Environment.CpuUsage.TotalTime;
        var measured = await load.PublishAsync(Mix, (int)(seconds * rate), rate);
        result["achieved_rate"] = measured.Count / (clock.Elapsed - measuredFrom).TotalSeconds;
        // The worker's processor time per measured interaction (up to the last publish): a figure the shared machine hardly moves.
        result["worker_cpu_us_per_msg"] = (worker.CpuTime - cpuFrom).TotalMicroseconds / Math.Max(1, measured.Count);
        // The load tool's (publisher and simulator): it runs on the same two cores.
        result["tool_cpu_us_per_msg"] = (Environment.CpuUsage.TotalTime - toolCpuFrom).TotalMicroseconds / Math.Max(1, measured.Count);

        var report = await WitnessReport.SettleAsync(world, [.. cold, .. measured], TimeSpan.FromSeconds(60));
        var firsts = FirstCallbacks.Read(world);
        result["interactions"] = report.Interactions;
        result["unanswered"] = report.Unanswered;
        result["late_10062"] = report.LateCallbacks;
        result["answered_twice"] = report.AnsweredTwice;
        result["rate_limited_429"] = report.RateLimited;
        var statuses = world.Simulator.Requests.Where(r => r.Route == Arrakis.DiscordSimulator.SimulatedRoutes.Callback)
            .ToLookup(r => r.Values.GetValueOrDefault("interaction_token") ?? "", r => r.Status, StringComparer.Ordinal);
        foreach (var missing in cold.Concat(measured).Where(m => !statuses[m.InteractionToken!].Any(s => s is >= 200 and < 300)).Take(5))
        {
            output.WriteLine($"  not answered: {missing.Kind} interaction {missing.InteractionId} (event {missing.EventId}), created {missing.CreatedAt:HH:mm:ss.fff}, callbacks [{string.Join(",", statuses[missing.InteractionToken!])}]");
        }

        if (args.Text("dump", "") is { Length: > 0 } dump)
        {
            // Per interaction, for finding where a tail comes from: creation, first callback's latency, ids.
            await File.WriteAllLinesAsync(dump, cold.Concat(measured).Select(m => string.Create(CultureInfo.InvariantCulture,
                $"{m.CreatedAt:HH:mm:ss.fff},{m.Kind},{(firsts.TryGetValue(m.InteractionToken!, out var ms) ? ms : double.NaN):F1},{m.InteractionId},{m.EventId}")));
        }

        result.AddLatencies("measured", FirstCallbacks.Of(firsts, measured));
        result.AddLatencies("cold", FirstCallbacks.Of(firsts, cold));
        // Where the cold tail sits: the p99 of each second of the warm-up, by creation time.
        var start = cold.Count > 0 ? cold[0].CreatedAt : DateTimeOffset.UtcNow;
        foreach (var second in cold.GroupBy(m => (int)(m.CreatedAt - start).TotalSeconds).OrderBy(g => g.Key))
        {
            result[$"cold_s{second.Key + 1}_p99_ms"] = Figures.Percentile(FirstCallbacks.Of(firsts, second), 0.99);
        }

        result["peak_rss_mb"] = Figures.Megabytes(worker.PeakRssBytes);
        return result;
    }
}
