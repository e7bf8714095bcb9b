using System.Globalization;

namespace Arrakis.Load;

/// <summary>
/// <c>smoke</c>: the tool's own check, and the pattern every scenario follows: a world, a ready worker, paced mixed
/// traffic, a wait until every message is settled, then the witness. Exit code 0 only when nothing was lost or doubled.
/// </summary>
public static class SmokeScenario
{
    public static async Task<int> RunAsync(Arguments args, TextWriter output)
    {
        var count = args.Whole("count", 2000);
        var rate = args.Number("rate", 200);
        var mix = TrafficMix.Parse(args.Text("mix", "ping=2,verify=2,join=4,role=1,leave=1"));
        await using var world = await LoadWorld.StartAsync(args.Text("logs", Path.Combine(Path.GetTempPath(), "arrakis-load")), o => o.GlobalLimit = 1000);
        var roleGuilds = MessageFactory.NewGuildIds(20);
        foreach (var guild in roleGuilds)
        {
            await world.SeedGuildAsync(guild, autoRole: MessageFactory.AutoRoleId);
        }

        var worker = await world.StartReadyWorkerAsync();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"worker ready in {worker.StartupTime!.Value.TotalMilliseconds:F0} ms"));
        await using var load = new IngestorLoad(world.Broker.Url, new MessageFactory(roleGuilds));
        var sent = await load.PublishAsync(mix, count, rate);
        var report = await WitnessReport.SettleAsync(world, sent, TimeSpan.FromSeconds(60));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{report.Published} published ({mix}) at {rate}/s: {report.Done} done, {report.Answered}/{report.Interactions} interactions answered " +
            $"(p50 {Figures.Percentile(report.CallbackLatenciesMs, 0.5):F1} ms, p99 {Figures.Percentile(report.CallbackLatenciesMs, 0.99):F1} ms), " +
            $"{report.RolesAdded}/{report.RoleJoins} roles, doubled {report.DoneTwice}, 429s {report.RateLimited}, 10062s {report.LateCallbacks}, " +
            $"violations {report.Violations}; peak RSS {Figures.Megabytes(worker.PeakRssBytes):F0} MB"));
        foreach (var detail in report.UnansweredDetails)
        {
            output.WriteLine("unanswered: " + detail);
        }

        return report.NotDone.Count == 0 && report.Unanswered == 0 && report.DoneTwice == 0 && report.RateLimited == 0 && report.Violations == 0 ? 0 : 1;
    }
}
