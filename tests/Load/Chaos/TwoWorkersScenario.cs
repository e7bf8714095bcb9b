using System.Diagnostics;

namespace Arrakis.Load.Chaos;

/// <summary>
/// <c>chaos two-workers</c>: two worker processes on the same queues, every message published twice (the ingestor's
/// at-least-once copy), so the two race on the same ids. Pass: no side effect twice, nothing lost.
/// </summary>
public static class TwoWorkersScenario
{
    public static async Task<int> RunAsync(Arguments args, TextWriter output)
    {
        var count = args.Whole("count", 5_000);
        var rate = args.Number("rate", 400);
        var mix = TrafficMix.Parse(args.Text("mix", ChaosSetup.DefaultMix));
        await using var setup = await ChaosSetup.StartAsync(args, "two-workers");
        var world = setup.World;
        var verdict = new ChaosVerdict("two-workers");

        var workers = await Task.WhenAll(setup.StartWorkerAsync(), setup.StartWorkerAsync());
        await using var load = new IngestorLoad(world.Broker.Url, setup.Factory) { Copies = 2 };
        var clock = Stopwatch.StartNew();
        var sent = await load.PublishAsync(mix, count, rate);
        var report = await setup.SettleAsync(sent, TimeSpan.FromSeconds(args.Number("settle", 120)));
        var settled = clock.Elapsed;
        var counts = await Task.WhenAll(workers.Select(w => w.CountsAsync()));

        verdict.CheckWitness(report, sent, outage: null);
        verdict.Check("both workers took a share", counts.All(c => c?.Handled > 0), string.Join(" / ", counts.Select(c => c?.Handled)) + " handled");
        verdict.Check("nothing dead-lettered", counts.All(c => c?.DeadLettered == 0), string.Join(" / ", counts.Select(c => c?.DeadLettered)) + " dead-lettered");
        verdict.Figure("count", count);
        verdict.Figure("copiesPublished", count * 2);
        verdict.Figure("ratePerSecond", rate);
        verdict.Figure("mix", mix.ToString());
        verdict.Figure("settledAfterS", settled.TotalSeconds);
        verdict.Figure("workerAHandled", counts[0]?.Handled ?? -1);
        verdict.Figure("workerBHandled", counts[1]?.Handled ?? -1);
        verdict.Figure("retried", counts.Sum(c => c?.Retried ?? 0));
        verdict.Figure("peakRssMb", Figures.Megabytes(workers.Max(w => w.PeakRssBytes)), 0);
        return await verdict.FinishAsync(output, setup);
    }
}
