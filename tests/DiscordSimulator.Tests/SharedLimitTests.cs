using Arrakis.Testing;

namespace Arrakis.DiscordSimulator.Tests;

/// <summary>Two workers (separate ServiceProviders and Redis connections, one key prefix) share one bot token's limits.</summary>
public sealed class SharedLimitTests(IsolatedRedis redis) : IClassFixture<IsolatedRedis>
{
    [Fact]
    public async Task TwoWorkers_UnderLoadTogether_StayWithinTheGlobalAndBucketLimits()
    {
        await using var scenario = await Scenario.StartAsync(redis, s =>
        {
            s.GlobalLimit = 15;
            s.RouteLimits[SimulatedRoutes.AddRole] = new BucketLimit(4, TimeSpan.FromSeconds(1));
        }, c => c.GlobalRateLimit = 15);
        await using var second = DiscordClientHarness.Create(scenario.Simulator, scenario.Prefix, c => c.GlobalRateLimit = 15);

        // 30 role changes over 3 guilds (4/s each) and 20 messages to distinct channels, split between the workers.
        var first = Enumerable.Range(0, 25).Select(i => scenario.Client.Rest.SendAsync(i % 2 == 0 ? Calls.AddRole((ulong)(i % 3 + 1), (ulong)i) : Calls.CreateMessage((ulong)(100 + i)), CancellationToken.None));
        var other = Enumerable.Range(25, 25).Select(i => second.Rest.SendAsync(i % 2 == 0 ? Calls.AddRole((ulong)(i % 3 + 1), (ulong)i) : Calls.CreateMessage((ulong)(100 + i)), CancellationToken.None));
        var results = await Task.WhenAll(first.Concat(other));

        Assert.All(results, r => Assert.True(r.IsSuccess, r.Error?.Message));
        Assert.True(scenario.Simulator.Requests.Count == 50, string.Join("; ", scenario.Simulator.Requests.Where(r => r.Status != 200 && r.Status != 204).Select(r => $"{r.Route} {r.Major} {r.Status} {r.Scope} at {r.ReceivedAtMs:0}")));
        Assert.Equal(0, scenario.Simulator.Statistics.RateLimited);
    }

    [Fact]
    public async Task AGlobal429SeenByOneWorker_PausesTheOther()
    {
        await using var scenario = await Scenario.StartAsync(redis);
        await using var second = DiscordClientHarness.Create(scenario.Simulator, scenario.Prefix);
        scenario.Simulator.Inject(new SimulatorFault
        {
            Matches = r => r.Route == SimulatedRoutes.CreateMessage,
            Status = 429,
            Body = """{"message":"You are being rate limited.","retry_after":1.0,"global":true}""",
            Headers = { ["X-RateLimit-Global"] = "true", ["X-RateLimit-Scope"] = "global", ["Retry-After"] = "1" },
        });

        var limited = scenario.Send(Calls.CreateMessage(1));
        Assert.True(await Eventually.TrueAsync(() => scenario.RedisHasAsync("*:pause"), TimeSpan.FromSeconds(5)));
        var other = await second.Rest.SendAsync(Calls.AddRole(2, 3), CancellationToken.None);
        await limited;

        Assert.True(other.IsSuccess);
        var log = scenario.Simulator.Requests;
        var role = Assert.Single(log, r => r.Route == SimulatedRoutes.AddRole);
        Assert.True(role.ReceivedAtMs - log[0].ReceivedAtMs >= 990, $"the other worker sent {role.ReceivedAtMs - log[0].ReceivedAtMs} ms after the global 429");
    }

    [Fact]
    public async Task InvalidRequestsCountedByOneWorker_StopTheOther()
    {
        await using var scenario = await Scenario.StartAsync(redis, s => s.GuildsWithoutPermission.Add(1), c => c.InvalidRequestLimit = 3);
        await using var second = DiscordClientHarness.Create(scenario.Simulator, scenario.Prefix, c => c.InvalidRequestLimit = 3);

        for (var i = 0; i < 3; i++)
        {
            await scenario.Send(Calls.AddRole(1, (ulong)i));
        }

        var blocked = await second.Rest.SendAsync(Calls.AddRole(2, 9), CancellationToken.None);

        Assert.Equal(Arrakis.Application.Abstractions.Discord.DiscordFailure.Blocked, blocked.Error?.Kind);
        Assert.Equal(3, scenario.Simulator.Requests.Count);
    }
}
