using System.Diagnostics;
using System.Globalization;
using Arrakis.Benchmarks.Discord;
using Arrakis.DiscordSimulator;

// dotnet run -c Release --project tests/Benchmarks/Discord [-- redis://127.0.0.1:6379]
var redisUrl = args.FirstOrDefault() ?? Environment.GetEnvironmentVariable("REDIS_URL") ?? "redis://127.0.0.1:6379";
BenchmarkCase[] cases =
[
    new("10 guilds, role bucket 10/s, global 50/s (as the issue states: the global limit binds)", Guilds: 10, Total: 1000, BucketPerSecond: 10, GlobalPerSecond: 50),
    new("10 guilds, role bucket 10/s, global 200/s (a large bot's limit: the buckets bind)", Guilds: 10, Total: 1000, BucketPerSecond: 10, GlobalPerSecond: 200),
    new("100 guilds, role bucket 10/s, global 50/s (the global limit binds)", Guilds: 100, Total: 1000, BucketPerSecond: 10, GlobalPerSecond: 50),
];

Console.WriteLine("| run | requests | minimum (s) | measured (s) | over minimum | 429s received | errors |");
Console.WriteLine("|---|---|---|---|---|---|---|");
var failed = false;
foreach (var run in cases.Where(c => Environment.GetEnvironmentVariable("BENCH_ONLY") is not { } only || c.Name.StartsWith(only, StringComparison.Ordinal)))
{
    var result = await RunAsync(run, redisUrl);
    var over = (result.Seconds / run.MinimumSeconds - 1) * 100;
    failed |= result.RateLimited > 0 || result.Errors > 0 || over > 10;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {run.Name} | {run.Total} | {run.MinimumSeconds:0.00} | {result.Seconds:0.00} | {over:0.0} % | {result.RateLimited} | {result.Errors} |"));
}

return failed ? 1 : 0;

static async Task<(double Seconds, int RateLimited, int Errors)> RunAsync(BenchmarkCase run, string redisUrl)
{
    var options = new SimulatorOptions { GlobalLimit = run.GlobalPerSecond, BotToken = BenchmarkClient.BotToken };
    options.RouteLimits[SimulatedRoutes.AddRole] = new BucketLimit(run.BucketPerSecond, TimeSpan.FromSeconds(1));
    await using var simulator = await SimulatorHost.StartAsync(options);
    await using var client = await BenchmarkClient.CreateAsync(simulator.ApiBaseUrl, redisUrl, run.GlobalPerSecond);

    var stopwatch = Stopwatch.StartNew();
    var results = await Task.WhenAll(Enumerable.Range(0, run.Total).Select(i => client.Guilds.AddRoleAsync(
        new((ulong)(1_000 + i % run.Guilds)), new((ulong)(500_000 + i)), new(42), "benchmark", CancellationToken.None)));
    stopwatch.Stop();

    foreach (var limited in simulator.Requests.Where(r => r.Status == 429))
    {
        // Say which limit was hit and what the guild's bucket saw around it, so a 429 can be explained.
        var around = simulator.Requests.Where(r => r.Major == limited.Major && Math.Abs(r.ReceivedAtMs - limited.ReceivedAtMs) < 1100)
            .OrderBy(r => r.ReceivedAtMs).Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.ReceivedAtMs:0}:{r.Status}"));
        await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"429 ({limited.Scope}) guild {limited.Major} at {limited.ReceivedAtMs:0} ms; that guild around it: {string.Join(' ', around)}"));
    }

    return (stopwatch.Elapsed.TotalSeconds, simulator.Statistics.RateLimited, results.Count(r => !r.IsSuccess));
}
