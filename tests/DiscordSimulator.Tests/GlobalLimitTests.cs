using Arrakis.Application.Abstractions.Discord;
using Arrakis.Testing;

namespace Arrakis.DiscordSimulator.Tests;

/// <summary>Checklist 10-14: the bot-wide limit, proactive and reactive, and the interaction routes' exemption.</summary>
public sealed class GlobalLimitTests(IsolatedRedis redis) : IClassFixture<IsolatedRedis>
{
    private static void Limit(SimulatorOptions simulator, int perSecond) => simulator.GlobalLimit = perSecond;

    /// <summary>The most requests the log shows in any one-second window.</summary>
    private static int Busiest(IEnumerable<SimulatorRequest> requests)
    {
        var times = requests.Select(r => r.ReceivedAtMs).Order().ToList();
        var busiest = 0;
        for (int start = 0, end = 0; end < times.Count; end++)
        {
            while (times[end] - times[start] >= 1000)
            {
                start++;
            }

            busiest = Math.Max(busiest, end - start + 1);
        }

        return busiest;
    }

    [Theory]
    [InlineData(50)]
    [InlineData(100)]
    public async Task ManyBuckets_AtOnce_NeverExceedTheGlobalLimit(int perSecond)
    {
        await using var scenario = await Scenario.StartAsync(redis, s => Limit(s, perSecond), c => c.GlobalRateLimit = perSecond);

        // 120 requests to 120 channels (120 distinct buckets), all issued at once.
        var results = await Task.WhenAll(Enumerable.Range(1, 120).Select(channel => scenario.Send(Calls.CreateMessage((ulong)channel))));

        Assert.All(results, r => Assert.True(r.IsSuccess, r.Error?.Message));
        Assert.Equal(0, scenario.Simulator.Statistics.RateLimited);
        Assert.InRange(Busiest(scenario.Simulator.Requests), 1, perSecond);
    }

    [Fact]
    public async Task Global429_PausesEveryBotRequest_ButNotInteractionRoutes()
    {
        await using var scenario = await Scenario.StartAsync(redis);
        scenario.Simulator.Inject(new SimulatorFault
        {
            Matches = r => r.Route == SimulatedRoutes.CreateMessage,
            Status = 429,
            Body = """{"message":"You are being rate limited.","retry_after":1.5,"global":true}""",
            Headers = { ["X-RateLimit-Global"] = "true", ["X-RateLimit-Scope"] = "global", ["Retry-After"] = "2" },
        });

        var limited = scenario.Send(Calls.CreateMessage(1));
        Assert.True(await Eventually.TrueAsync(() => scenario.RedisHasAsync("*:pause"), TimeSpan.FromSeconds(5)), "the global pause was never recorded");
        var otherChannel = scenario.Send(Calls.CreateMessage(2));
        var guild = scenario.Send(Calls.AddRole(3, 4));
        var interaction = Scenario.Interaction();
        var callback = await scenario.Client.Interactions.RespondAsync(interaction, new InteractionResponse.DeferredReply(false), CancellationToken.None);
        var edit = await scenario.Client.Interactions.EditOriginalAsync(interaction, new MessageContent("meanwhile"), CancellationToken.None);
        await Task.WhenAll(limited, otherChannel, guild);

        Assert.True(callback.IsSuccess && edit.IsSuccess);
        var log = scenario.Simulator.Requests;
        var pausedAt = log[0].ReceivedAtMs;
        var bot = log.Skip(1).Where(r => !SimulatedRoutes.IsInteractionRoute(r.Route)).ToList();
        var interactions = log.Where(r => SimulatedRoutes.IsInteractionRoute(r.Route)).ToList();
        Assert.Equal(3, bot.Count);
        Assert.All(bot, r => Assert.True(r.ReceivedAtMs - pausedAt >= 1490, $"{r.Route} came {r.ReceivedAtMs - pausedAt} ms after the global 429"));
        Assert.Equal(2, interactions.Count);
        Assert.All(interactions, r => Assert.True(r.ReceivedAtMs < bot.Min(b => b.ReceivedAtMs), "an interaction route waited behind the global pause"));
    }

    [Fact]
    public async Task Callbacks_DoNotSpendGlobalRequests_AndAreNotDelayedByThem()
    {
        await using var scenario = await Scenario.StartAsync(redis, s => Limit(s, 10), c => c.GlobalRateLimit = 10);

        var bot = Enumerable.Range(1, 20).Select(channel => scenario.Send(Calls.CreateMessage((ulong)channel))).ToList();
        var callbacks = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            scenario.Client.Interactions.RespondAsync(Scenario.Interaction(), new InteractionResponse.DeferredUpdate(), CancellationToken.None)));
        await Task.WhenAll(bot);

        Assert.All(callbacks, r => Assert.True(r.IsSuccess, r.Error?.Message));
        var log = scenario.Simulator.Requests;
        var lastCallback = log.Where(r => r.Route == SimulatedRoutes.Callback).Max(r => r.ReceivedAtMs);
        var secondWindow = log.Where(r => r.Route == SimulatedRoutes.CreateMessage).OrderBy(r => r.ReceivedAtMs).ElementAt(10).ReceivedAtMs;
        Assert.True(lastCallback < secondWindow, "callbacks waited for the global window to reopen");
        Assert.Equal(0, scenario.Simulator.Statistics.RateLimited);
    }

    [Fact]
    public async Task Shared429_FailsOnlyThatRequest_AndIsNotCountedAsInvalid()
    {
        await using var scenario = await Scenario.StartAsync(redis);
        await scenario.Send(Calls.GetMember(1, 1));
        scenario.Simulator.Inject(new SimulatorFault
        {
            Matches = r => r.Route == SimulatedRoutes.GetMember,
            Status = 429,
            Body = """{"message":"The resource is being rate limited.","retry_after":1337,"global":false}""",
            Headers = { ["X-RateLimit-Limit"] = "10", ["X-RateLimit-Remaining"] = "9", ["X-RateLimit-Reset-After"] = "1", ["X-RateLimit-Bucket"] = "guild-member", ["X-RateLimit-Scope"] = "shared", ["Retry-After"] = "1337" },
        });

        var shared = await scenario.Send(Calls.GetMember(1, 2));
        var next = await scenario.Send(Calls.GetMember(1, 3));

        Assert.Equal(DiscordFailure.RateLimited, shared.Error?.Kind);
        Assert.True(shared.Error?.IsTransient);
        Assert.True(next.IsSuccess);
        await scenario.Client.Guard.RefreshAsync();
        Assert.Equal(0, scenario.Client.Guard.Count);
    }
}
