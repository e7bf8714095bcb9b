using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Arrakis.DiscordSimulator;
using StackExchange.Redis;

namespace Arrakis.Load;

/// <summary>
/// <c>publish</c>: load against a stack that is already running, e.g. <c>build/run.sh</c>'s (its broker, Redis and
/// Discord simulator): publishes the mix at the rate, waits for the worker, then reads the simulator's log over HTTP and
/// Redis's "done" records, and prints what happened to exactly the messages it sent.
/// </summary>
public static class PublishCommand
{
    public static async Task<int> RunAsync(Arguments args, TextWriter output)
    {
        var broker = args.Text("broker", Environment.GetEnvironmentVariable("RABBITMQ_URL") ?? "amqp://guest:guest@127.0.0.1:5672/");
        var simulator = new Uri(args.Text("simulator", Environment.GetEnvironmentVariable("DISCORD_SIMULATOR_URL") ?? "http://127.0.0.1:5080/"));
        var redisUrl = new Uri(args.Text("redis", Environment.GetEnvironmentVariable("REDIS_URL") ?? "redis://127.0.0.1:6379"));
        var prefix = args.Text("prefix", Environment.GetEnvironmentVariable("REDIS_KEY_PREFIX") ?? "arrakis:");
        var rate = args.Number("rate", 50);
        var seconds = args.Number("seconds", 10);
        var mix = TrafficMix.Parse(args.Text("mix", "ping=2,verify=2,join=4,role=1,leave=1"));
        if (!simulator.IsLoopback || !new Uri(broker).IsLoopback)
        {
            // Test traffic only ever goes to this machine: the interactions it makes up would reach a real bot otherwise.
            await Console.Error.WriteLineAsync("publish only sends to 127.0.0.1: --broker and --simulator must be loopback.");
            return 2;
        }

        await using var redis = await ConnectionMultiplexer.ConnectAsync($"{redisUrl.Host}:{(redisUrl.Port > 0 ? redisUrl.Port : 6379)}");
        var records = new WorkerRecords(redis.GetDatabase(), prefix);
        var roleGuilds = MessageFactory.NewGuildIds(5);
        foreach (var guild in roleGuilds)
        {
            await records.SeedGuildAsync(guild, autoRole: MessageFactory.AutoRoleId);
        }

        await using var load = new IngestorLoad(broker, new MessageFactory(roleGuilds));
        var sent = await load.PublishForAsync(mix, TimeSpan.FromSeconds(seconds), rate);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"published {sent.Count} ({mix}) at {rate}/s; waiting for the worker"));

        using var http = new HttpClient { BaseAddress = simulator, Timeout = TimeSpan.FromSeconds(30) };
        WitnessReport report;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        do
        {
            await Task.Delay(500);
            report = await WitnessReport.ReadAsync(
                async () => await http.GetFromJsonAsync<List<SimulatorRequest>>("_simulator/requests", new JsonSerializerOptions(JsonSerializerDefaults.Web)) ?? [],
                records.IsDoneAsync, sent);
        }
        while (report.NotDone.Count > 0 && waited.Elapsed < TimeSpan.FromSeconds(args.Number("wait-seconds", 60)));

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{report.Done}/{report.Published} done; {report.Answered}/{report.Interactions} interactions answered, creation to first callback " +
            $"p50 {Figures.Percentile(report.CallbackLatenciesMs, 0.5):F1} ms, p99 {Figures.Percentile(report.CallbackLatenciesMs, 0.99):F1} ms, " +
            $"max {Figures.Percentile(report.CallbackLatenciesMs, 1):F1} ms; {report.RolesAdded}/{report.RoleJoins} auto roles; " +
            $"done twice {report.DoneTwice}; 429s {report.RateLimited}; 10062s {report.LateCallbacks}; spec violations {report.Violations}"));
        return report.NotDone.Count == 0 && report.DoneTwice == 0 ? 0 : 1;
    }
}
