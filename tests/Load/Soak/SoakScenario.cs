using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Arrakis.Load.Soak;

/// <summary>
/// <c>soak</c>: one worker process under a steady mixed rate for a long time. Every minute: its resident memory (what
/// ECS's memory limit counts), the kernel's high-water mark, what was published and the worker's /health counts.
/// Pass: nothing lost or doubled, no 429 or 10062, and memory flat (<see cref="MemoryVerdict"/>).
/// </summary>
public static class SoakScenario
{
    public static async Task<int> RunAsync(Arguments args, TextWriter output)
    {
        var minutes = args.Number("minutes", 30);
        var rate = args.Number("rate", 50);
        var sampleEvery = TimeSpan.FromSeconds(args.Whole("sample-seconds", 60));
        var mix = TrafficMix.Parse(args.Text("mix", "ping=2,verify=2,join=4,role=1,leave=1"));
        var directory = args.Text("out", Path.Combine("artifacts", "soak"));
        Directory.CreateDirectory(directory);

        await using var world = await LoadWorld.StartAsync(Path.Combine(directory, "logs"));
        var roleGuilds = MessageFactory.NewGuildIds(20);
        foreach (var guild in roleGuilds)
        {
            await world.SeedGuildAsync(guild, autoRole: MessageFactory.AutoRoleId);
        }

        var worker = await world.StartReadyWorkerAsync(args.WorkerEnvironment());
        await using var load = new IngestorLoad(world.Broker.Url, new MessageFactory(roleGuilds));
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(minutes));
        var clock = Stopwatch.StartNew();
        var samples = new List<SoakSample> { await SampleAsync(worker, clock, load) };
        output.WriteLine(samples[0].ToLine());

        // The traffic runs on its own; this loop only samples.
        var traffic = PublishUntilAsync(load, mix, rate, stop.Token);
        while (!stop.IsCancellationRequested)
        {
            var due = sampleEvery * samples.Count;
            await Task.Delay(due - clock.Elapsed > TimeSpan.Zero ? due - clock.Elapsed : TimeSpan.Zero, CancellationToken.None);
            var sample = await SampleAsync(worker, clock, load);
            samples.Add(sample);
            output.WriteLine(sample.ToLine());
        }

        await traffic;
        var report = await WitnessReport.SettleAsync(world, load.Sent, TimeSpan.FromMinutes(2));
        var final = await SampleAsync(worker, clock, load);
        samples.Add(final);

        var csv = Path.Combine(directory, "soak.csv");
        await File.WriteAllTextAsync(csv, SoakSample.Header + "\n" + string.Join("\n", samples.Select(s => s.ToCsv())) + "\n");
        var changed = args.Text("env", "") is { Length: > 0 } env ? "; worker settings changed: " + env : "";
        var memory = MemoryVerdict.From(samples.Where(s => s.Minute <= minutes).ToList());
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"soak {minutes} min at {rate}/s ({mix}): {report.Published} published, {report.Done} done, {report.NotDone.Count} not done, " +
            $"{report.Answered}/{report.Interactions} interactions answered (p99 {Figures.Percentile(report.CallbackLatenciesMs, 0.99):F1} ms, max {Figures.Percentile(report.CallbackLatenciesMs, 1):F0} ms), " +
            $"{report.RolesAdded}/{report.RoleJoins} roles, doubled {report.DoneTwice}, 429s {report.RateLimited}, 10062s {report.LateCallbacks}, violations {report.Violations}; " +
            $"worker handled {final.Handled}, dead-lettered {final.DeadLettered}, dropped {final.Dropped}; {memory}{changed}");
        output.WriteLine(summary);
        foreach (var detail in report.UnansweredDetails)
        {
            output.WriteLine("unanswered: " + detail);
        }

        await File.WriteAllTextAsync(Path.Combine(directory, "summary.txt"), summary + "\n", new UTF8Encoding(false));
        return report.NotDone.Count == 0 && report.Unanswered == 0 && report.DoneTwice == 0 && report.RateLimited == 0 && report.LateCallbacks == 0
               && report.Violations == 0 && memory.Flat ? 0 : 1;
    }

    private static async Task PublishUntilAsync(IngestorLoad load, TrafficMix mix, double rate, CancellationToken stop)
    {
        // Ten seconds at a time (a batch paces from its own start); cancelling ends the current batch cleanly.
        while (!stop.IsCancellationRequested)
        {
            await load.PublishForAsync(mix, TimeSpan.FromSeconds(10), rate, stop);
        }
    }

    private static async Task<SoakSample> SampleAsync(WorkerProcess worker, Stopwatch clock, IngestorLoad load)
    {
        var counts = await worker.CountsAsync() ?? new WorkerCounts(-1, -1, -1, -1);
        return new SoakSample(clock.Elapsed.TotalMinutes, Figures.Megabytes(worker.RssBytes), Figures.Megabytes(worker.PeakRssBytes),
            load.Sent.Count, counts.Handled, counts.Retried, counts.DeadLettered, counts.Dropped);
    }
}
