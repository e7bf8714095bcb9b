using System.Diagnostics;
using System.Globalization;

namespace Arrakis.Load.Chaos;

/// <summary>
/// <c>chaos kill9</c>: mixed traffic at a steady rate; the worker is SIGKILLed when about half is handled and a new
/// one started at once. Messages it held come back from the broker; those it had claimed wait out their claim's lease
/// (PROCESSING_TIMEOUT_MS + 15 s) in the retry queues. Pass: every guild event done, every role and welcome DM once
/// (a request in flight at the kill excepted, and counted), interactions answered unless their 3-second window fell
/// in the restart, no 429, no spec violation.
/// </summary>
public static class Kill9Scenario
{
    public static async Task<int> RunAsync(Arguments args, TextWriter output)
    {
        var count = args.Whole("count", 10_000);
        var rate = args.Number("rate", 400);
        var killFraction = args.Number("kill-at", 0.5);
        var mix = TrafficMix.Parse(args.Text("mix", ChaosSetup.DefaultMix));
        await using var setup = await ChaosSetup.StartAsync(args, "kill9");
        var world = setup.World;
        var verdict = new ChaosVerdict("kill9");

        var first = await setup.StartWorkerAsync();
        await using var load = new IngestorLoad(world.Broker.Url, setup.Factory);
        var clock = Stopwatch.StartNew();
        var publishing = load.PublishAsync(mix, count, rate);

        long handledBeforeKill = 0;
        while (clock.Elapsed < TimeSpan.FromMinutes(5))
        {
            handledBeforeKill = (await first.CountsAsync())?.Handled ?? handledBeforeKill;
            if (handledBeforeKill >= count * killFraction)
            {
                break;
            }

            await Task.Delay(20);
        }

        var firstPeak = first.PeakRssBytes;
        var killedAt = DateTimeOffset.UtcNow;
        await first.KillAsync();
        var restart = Stopwatch.StartNew();
        var second = await setup.StartWorkerAsync();
        var downFor = restart.Elapsed;
        var backAt = DateTimeOffset.UtcNow;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"killed after {handledBeforeKill} handled ({clock.Elapsed.TotalSeconds:F1} s in); the new worker consumed {downFor.TotalMilliseconds:F0} ms after the kill"));

        var sent = await publishing;
        var published = clock.Elapsed;
        var report = await setup.SettleAsync(sent, TimeSpan.FromSeconds(args.Number("settle", 150)));
        var settled = clock.Elapsed;
        var counts = await second.CountsAsync();

        var outage = new Outage(killedAt, backAt);
        verdict.CheckWitness(report, sent, outage, kill: outage);
        verdict.Check("the new worker is up", !second.HasExited, second.HasExited ? "exited" : "running");
        verdict.Figure("count", count);
        verdict.Figure("ratePerSecond", rate);
        verdict.Figure("mix", mix.ToString());
        verdict.Figure("handledBeforeKill", handledBeforeKill);
        verdict.Figure("killToConsumingMs", downFor.TotalMilliseconds, 0);
        verdict.Figure("publishedAfterS", published.TotalSeconds);
        verdict.Figure("settledAfterS", settled.TotalSeconds);
        verdict.Figure("secondWorkerHandled", counts?.Handled ?? -1);
        verdict.Figure("secondWorkerRetried", counts?.Retried ?? -1);
        verdict.Figure("secondWorkerDropped", counts?.Dropped ?? -1);
        verdict.Figure("secondWorkerDeadLettered", counts?.DeadLettered ?? -1);
        verdict.Figure("peakRssMb", Figures.Megabytes(Math.Max(firstPeak, second.PeakRssBytes)), 0);
        return await verdict.FinishAsync(output, setup);
    }
}
