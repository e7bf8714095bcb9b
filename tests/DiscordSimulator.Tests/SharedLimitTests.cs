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
}
