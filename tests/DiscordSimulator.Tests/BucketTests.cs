using System.Globalization;
using Arrakis.Testing;

namespace Arrakis.DiscordSimulator.Tests;

/// <summary>Checklist 1-9 and 28-34: buckets learnt from X-RateLimit-* headers, keyed by hash and major parameter.</summary>
public sealed class BucketTests(IsolatedRedis redis) : IClassFixture<IsolatedRedis>
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task TwoRoutesSharingABucket_WaitForItsReset_WithoutA429()
    {
        await using var scenario = await Scenario.StartAsync(redis, s =>
        {
            s.RouteLimits[SimulatedRoutes.CreateMessage] = new BucketLimit(2, Second);
            s.RouteLimits[SimulatedRoutes.EditMessage] = new BucketLimit(2, Second);
        });

        Assert.True((await scenario.Send(Calls.CreateMessage(1))).IsSuccess);
        Assert.True((await scenario.Send(Calls.EditMessage(1, 2))).IsSuccess); // the bucket is now empty
        var third = await scenario.Send(Calls.CreateMessage(1));
        var fourth = await scenario.Send(Calls.EditMessage(1, 2));

        Assert.True(third.IsSuccess && fourth.IsSuccess);
        Assert.Equal(0, scenario.Simulator.Statistics.RateLimited);
        var log = scenario.Simulator.Requests;
        Assert.True(log[2].ReceivedAtMs - log[0].ReceivedAtMs >= 990, $"the third request came {log[2].ReceivedAtMs - log[0].ReceivedAtMs} ms after the first");
    }

    [Fact]
    public async Task AnEdgeErrorWithoutHeaders_WhileLearningAKnownHashsBucket_DoesNotHoldItsRetryForTheLearningLock()
    {
        // The route's hash is known from guild 1; guild 2's bucket under that hash is being learnt when the edge
        // answers 502 with no rate-limit headers. The learning lock must be freed, not left to expire (5 s).
        await using var scenario = await Scenario.StartAsync(redis, s => s.RouteLimits[SimulatedRoutes.AddRole] = new BucketLimit(10, Second));
        Assert.True((await scenario.Send(Calls.AddRole(1, 100))).IsSuccess);
        scenario.Simulator.Inject(new SimulatorFault { Matches = r => r.Route == SimulatedRoutes.AddRole && r.Major == "2", Status = 502, Body = "<html>502 Bad Gateway</html>", ContentType = "text/html" });

        Assert.True((await scenario.Send(Calls.AddRole(2, 101))).IsSuccess);

        var guild2 = scenario.Requests(SimulatedRoutes.AddRole).Where(r => r.Major == "2").ToList();
        Assert.Equal([502, 204], guild2.Select(r => r.Status));
        Assert.True(guild2[1].ReceivedAtMs - guild2[0].ReceivedAtMs < 4000, $"the retry waited {guild2[1].ReceivedAtMs - guild2[0].ReceivedAtMs} ms: the learning lock was left in place");
    }

    [Fact]
    public async Task SameHash_DifferentChannels_DoNotWaitForEachOther()
    {
        await using var scenario = await Scenario.StartAsync(redis, s => s.RouteLimits[SimulatedRoutes.CreateMessage] = new BucketLimit(1, Second));
        await scenario.Send(Calls.CreateMessage(1));

        var waiting = scenario.Send(Calls.CreateMessage(1));
        var other = await scenario.Send(Calls.CreateMessage(2));
        await waiting;

        Assert.True(other.IsSuccess);
        var order = scenario.Requests(SimulatedRoutes.CreateMessage).Select(r => r.Major).ToList();
        Assert.Equal(["1", "2", "1"], order);
        Assert.Equal(0, scenario.Simulator.Statistics.RateLimited);
    }

    [Fact]
    public async Task RoleAddAndRemove_ShareTheGuildsBucket_AndAnotherGuildIsUnaffected()
    {
        await using var scenario = await Scenario.StartAsync(redis, s =>
        {
            s.RouteLimits[SimulatedRoutes.AddRole] = new BucketLimit(2, Second);
            s.RouteLimits[SimulatedRoutes.RemoveRole] = new BucketLimit(2, Second);
        });
        await scenario.Send(Calls.AddRole(1, 100));
        await scenario.Send(Calls.RemoveRole(1, 101)); // guild 1's bucket is empty

        var waiting = scenario.Send(Calls.AddRole(1, 102));
        var otherGuild = await scenario.Send(Calls.RemoveRole(2, 103));
        Assert.True((await waiting).IsSuccess);

        Assert.True(otherGuild.IsSuccess);
        Assert.Equal(["1", "1", "2", "1"], scenario.Simulator.Requests.Select(r => r.Major));
        Assert.Equal(0, scenario.Simulator.Statistics.RateLimited);
    }

    [Fact]
    public async Task WebhookBuckets_IncludeTheToken()
    {
        await using var scenario = await Scenario.StartAsync(redis, s => s.RouteLimits[SimulatedRoutes.FollowUp] = new BucketLimit(1, Second));
        await scenario.Send(Calls.FollowUp("tokA-SECRET"));

        var waiting = scenario.Send(Calls.FollowUp("tokA-SECRET"));
        var other = await scenario.Send(Calls.FollowUp("tokB-SECRET"));
        await waiting;

        Assert.True(other.IsSuccess);
        Assert.Equal(["tokA-SECRET", "tokB-SECRET", "tokA-SECRET"], scenario.Simulator.Requests.Select(r => r.Values["webhook_token"]));
        Assert.Equal(0, scenario.Simulator.Statistics.RateLimited);
    }

    [Fact]
    public async Task EmptyBucket_NoRequestArrivesBeforeItsResetAfter()
    {
        await using var scenario = await Scenario.StartAsync(redis, s => s.RouteLimits[SimulatedRoutes.GetMember] = new BucketLimit(1, TimeSpan.FromSeconds(1.5)));

        await scenario.Send(Calls.GetMember(1, 2));
        await scenario.Send(Calls.GetMember(1, 3));

        var log = scenario.Simulator.Requests;
        Assert.True(log[1].ReceivedAtMs - log[0].ReceivedAtMs >= 1490, $"{log[1].ReceivedAtMs - log[0].ReceivedAtMs} ms");
        Assert.Equal(0, scenario.Simulator.Statistics.RateLimited);
    }

    [Fact]
    public async Task UnknownBucket_SendsOneRequestUntilItsAnswerArrives()
    {
        await using var scenario = await Scenario.StartAsync(redis);
        scenario.Simulator.Inject(new SimulatorFault { Matches = r => r.Route == SimulatedRoutes.GetMember, Delay = TimeSpan.FromMilliseconds(300) });

        await Task.WhenAll(scenario.Send(Calls.GetMember(1, 2)), scenario.Send(Calls.GetMember(1, 3)));

        var log = scenario.Simulator.Requests;
        Assert.Equal(2, log.Count);
        Assert.True(log[1].ReceivedAtMs - log[0].ReceivedAtMs >= 290, $"the second was sent {log[1].ReceivedAtMs - log[0].ReceivedAtMs} ms after the first");
    }

    [Fact]
    public async Task NewRoute_ManyGuildsAtOnce_EachGuildLearnsItsBucketWithOneRequest()
    {
        // While the route's hash is unknown each guild sends one request under the route's own key; once another
        // guild's answer names the hash, that guild's other requests must not start a second learning request.
        await using var scenario = await Scenario.StartAsync(redis, s => s.RouteLimits[SimulatedRoutes.AddRole] = new BucketLimit(3, Second));
        // Guild 1's first answer (naming the hash) comes while the other guilds' first requests are still out.
        foreach (var guild in Enumerable.Range(1, 10))
        {
            scenario.Simulator.Inject(new SimulatorFault { Matches = r => r.Major == guild.ToString(CultureInfo.InvariantCulture), ArrivalDelay = TimeSpan.FromMilliseconds(guild == 1 ? 50 : 600) });
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => scenario.Send(Calls.AddRole((ulong)(i % 10 + 1), (ulong)i))));

        Assert.All(results, r => Assert.True(r.IsSuccess, r.Error?.Message));
        Assert.Equal(0, scenario.Simulator.Statistics.RateLimited);
    }

    [Fact]
    public async Task RouteWithoutHeaders_IsUnlimited_AndRequestsFlowTogether()
    {
        await using var scenario = await Scenario.StartAsync(redis, s => s.RoutesWithoutHeaders.Add(SimulatedRoutes.GetMember));
        Assert.True((await scenario.Send(Calls.GetMember(1, 1))).IsSuccess);
        scenario.Simulator.Inject(new SimulatorFault { Matches = r => r.Route == SimulatedRoutes.GetMember, Delay = TimeSpan.FromSeconds(2), Times = 5 });

        var results = await Task.WhenAll(Enumerable.Range(2, 5).Select(u => scenario.Send(Calls.GetMember(1, (ulong)u))));

        Assert.All(results, r => Assert.True(r.IsSuccess));
        var batch = scenario.Simulator.Requests.Skip(1).ToList();
        // All five were in flight together: each arrived before the first of them was answered.
        Assert.True(batch.Max(r => r.ReceivedAtMs) - batch.Min(r => r.ReceivedAtMs) < 2000);
    }

    [Fact]
    public async Task UserScope429_WaitsRetryAfterFromTheBody_RetriesOnce_AndHoldsTheBucket()
    {
        await using var scenario = await Scenario.StartAsync(redis);
        await scenario.Send(Calls.GetMember(1, 1)); // learn the bucket
        scenario.Simulator.Inject(new SimulatorFault
        {
            Matches = r => r.Route == SimulatedRoutes.GetMember,
            Status = 429,
            // 1.7 s: long enough that the test's poll sees the locked bucket on a loaded machine (0.7 s was missed once).
            Body = """{"message":"You are being rate limited.","retry_after":1.7,"global":false}""",
            Headers = { ["X-RateLimit-Scope"] = "user", ["Retry-After"] = "2", ["X-RateLimit-Limit"] = "50", ["X-RateLimit-Remaining"] = "0", ["X-RateLimit-Reset-After"] = "1.7", ["X-RateLimit-Bucket"] = "guild-member" },
        });

        var limited = scenario.Send(Calls.GetMember(1, 2));
        Assert.True(await Eventually.TrueAsync(() => scenario.BucketExhaustedAsync(), TimeSpan.FromSeconds(5)), "the 429 never locked the bucket");
        var queued = await scenario.Send(Calls.GetMember(1, 3));

        Assert.True((await limited).IsSuccess);
        Assert.True(queued.IsSuccess);
        var log = scenario.Simulator.Requests.Skip(1).ToList();
        Assert.Equal(3, log.Count);
        Assert.Equal(429, log[0].Status);
        Assert.All(log.Skip(1), r => Assert.True(r.ReceivedAtMs - log[0].ReceivedAtMs >= 1690, $"{r.ReceivedAtMs - log[0].ReceivedAtMs} ms after the 429"));
        Assert.Equal(2, log.Count(r => r.Values["user_id"] == "2"));
    }

    [Theory]
    [InlineData("header")]
    [InlineData("body")]
    public async Task Plain429_IsHonouredInSeconds_FromHeaderOrBody(string source)
    {
        await using var scenario = await Scenario.StartAsync(redis);
        scenario.Simulator.Inject(new SimulatorFault
        {
            Matches = r => r.Route == SimulatedRoutes.GetMember,
            Status = 429,
            Body = source == "body" ? """{"message":"You are being rate limited.","retry_after":1.0,"global":false,"code":0}""" : null,
            Headers = source == "header" ? new Dictionary<string, string> { ["Retry-After"] = "1", ["X-RateLimit-Scope"] = "user" } : new Dictionary<string, string> { ["X-RateLimit-Scope"] = "user" },
        });

        var result = await scenario.Send(Calls.GetMember(1, 2));

        Assert.True(result.IsSuccess, result.Error?.Message);
        var log = scenario.Simulator.Requests;
        Assert.Equal(2, log.Count);
        var waited = log[1].ReceivedAtMs - log[0].ReceivedAtMs;
        Assert.True(waited is >= 990 and < 10_000, $"waited {waited} ms");
    }

    [Fact]
    public async Task CancelledWhileWaitingOrInFlight_FreesTheBucket_ForTheNextRequest()
    {
        await using var scenario = await Scenario.StartAsync(redis);
        // In flight while learning an unknown bucket: cancelling must release the learning lock. The caller gives up
        // when the request reaches the simulator (a fixed 200 ms once passed before it arrived on a loaded machine,
        // and the 3 s answer then delayed the next request instead).
        using (var cancel = new CancellationTokenSource())
        {
            scenario.Simulator.Inject(new SimulatorFault
            {
                Matches = r => r.Route == SimulatedRoutes.GetMember && Arrival.Cancels(cancel),
                Delay = TimeSpan.FromSeconds(3),
            });
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => scenario.Send(Calls.GetMember(1, 2), cancel.Token));
        }

        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(2.5));
        var next = await scenario.Send(Calls.GetMember(1, 3), bound.Token);

        Assert.True(next.IsSuccess);
    }

    [Fact]
    public async Task CancelledWhileWaitingForAReset_LeavesTheBucketUsable()
    {
        await using var scenario = await Scenario.StartAsync(redis, s => s.RouteLimits[SimulatedRoutes.GetMember] = new BucketLimit(1, Second));
        await scenario.Send(Calls.GetMember(1, 1));
        using (var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => scenario.Send(Calls.GetMember(1, 2), cancel.Token));
        }

        var next = await scenario.Send(Calls.GetMember(1, 3));

        Assert.True(next.IsSuccess);
        Assert.Equal(2, scenario.Simulator.Requests.Count);
        Assert.Equal(0, scenario.Simulator.Statistics.RateLimited);
    }

    [Fact]
    public async Task BucketHashChange_MovesTheRoute_WithoutDeadlockOrDoubleSend()
    {
        await using var scenario = await Scenario.StartAsync(redis, s => s.RouteLimits[SimulatedRoutes.GetMember] = new BucketLimit(3, Second));
        await scenario.Send(Calls.GetMember(1, 1));
        scenario.Simulator.Inject(new SimulatorFault { Matches = r => r.Route == SimulatedRoutes.GetMember, Headers = { ["X-RateLimit-Bucket"] = "guild-member-v2" } });

        var results = await Task.WhenAll(Enumerable.Range(2, 6).Select(u => scenario.Send(Calls.GetMember(1, (ulong)u))));

        Assert.All(results, r => Assert.True(r.IsSuccess));
        Assert.Equal(7, scenario.Simulator.Requests.Count);
        Assert.Equal(6, scenario.Simulator.Requests.Skip(1).Select(r => r.Values["user_id"]).Distinct().Count());
    }

    [Fact]
    public async Task Sublimit429_DelaysOnlyThatRequest_OtherEditsOfTheChannelProceed()
    {
        await using var scenario = await Scenario.StartAsync(redis);
        await scenario.Send(Calls.EditChannel(5, """{"topic":"learn"}"""));
        scenario.Simulator.Inject(new SimulatorFault
        {
            Matches = r => r.Route == SimulatedRoutes.EditChannel && r.Body.Contains("\"name\"", StringComparison.Ordinal),
            Status = 429,
            Body = """{"message":"You are being rate limited.","retry_after":1.0,"global":false}""",
            WithBucketHeaders = true,
            Headers = { ["X-RateLimit-Scope"] = "user" },
        });

        var rename = scenario.Send(Calls.EditChannel(5, """{"name":"dunes"}"""));
        Assert.True(await Eventually.TrueAsync(() => scenario.Simulator.Requests.Any(r => r.Status == 429), TimeSpan.FromSeconds(5)));
        var topic = await scenario.Send(Calls.EditChannel(5, """{"topic":"spice"}"""));

        Assert.True(topic.IsSuccess);
        Assert.True((await rename).IsSuccess);
        var log = scenario.Simulator.Requests.Skip(1).Select(r => (r.Body.Contains("name", StringComparison.Ordinal), r.Status)).ToList();
        Assert.Equal([(true, 429), (false, 200), (true, 200)], log);
    }

    [Fact]
    public async Task OldMessageDeletes_HaveABucketOfTheirOwn()
    {
        var recent = Arrakis.Domain.Discord.Snowflake.FromTime(DateTimeOffset.UtcNow.AddDays(-1)).Value;
        var old = Arrakis.Domain.Discord.Snowflake.FromTime(DateTimeOffset.UtcNow.AddDays(-20)).Value;
        await using var scenario = await Scenario.StartAsync(redis, s => s.RouteLimits[SimulatedRoutes.DeleteMessage] = new BucketLimit(1, Second));
        await scenario.Send(Calls.DeleteMessage(9, recent));

        var waiting = scenario.Send(Calls.DeleteMessage(9, recent + 1));
        var oldDelete = await scenario.Send(Calls.DeleteMessage(9, old));
        await waiting;

        Assert.True(oldDelete.IsSuccess);
        Assert.Equal([recent, old, recent + 1], scenario.Simulator.Requests.Select(r => ulong.Parse(r.Values["message_id"], CultureInfo.InvariantCulture)));
        Assert.NotEqual(Calls.DeleteMessage(9, recent).RouteKey(), Calls.DeleteMessage(9, old).RouteKey());
        Assert.Equal(0, scenario.Simulator.Statistics.RateLimited);
    }

    [Fact]
    public async Task EmojiRoute429_WithRemainingLeft_IsRetriedNormally()
    {
        await using var scenario = await Scenario.StartAsync(redis);
        scenario.Simulator.Inject(new SimulatorFault
        {
            Matches = r => r.Route == SimulatedRoutes.CreateEmoji,
            Status = 429,
            Body = """{"message":"You are being rate limited.","retry_after":0.3,"global":false}""",
            Headers = { ["X-RateLimit-Limit"] = "50", ["X-RateLimit-Remaining"] = "5", ["X-RateLimit-Reset-After"] = "0.3", ["X-RateLimit-Bucket"] = "guild-emoji", ["X-RateLimit-Scope"] = "user" },
        });

        var result = await scenario.Send(Calls.CreateEmoji(4));

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal([429, 201], scenario.Simulator.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task IdleBuckets_ExpireFromRedis_AfterTheirReset()
    {
        await using var scenario = await Scenario.StartAsync(redis, s => s.RouteLimits[SimulatedRoutes.GetMember] = new BucketLimit(1, TimeSpan.FromSeconds(30)));

        await scenario.Send(Calls.GetMember(1, 2));

        var server = (await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{TestServices.RedisPort}")).GetServers()[0];
        var keys = await server.KeysAsync(pattern: scenario.Prefix + "*bucket*").ToListAsync();
        var key = Assert.Single(keys);
        var ttl = await redis.Database.KeyTimeToLiveAsync(key);
        // Kept past the 30 s reset (so an active reset is never lost), and gone within minutes after it.
        Assert.InRange(ttl!.Value, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(6));
        Assert.Equal("0", (string?)await redis.Database.HashGetAsync(key, "remaining"));
    }

    [Fact]
    public async Task Soak_MixedRoutesWithRandomLimits_ReceivesNo429()
    {
        var random = new Random(7);
        await using var scenario = await Scenario.StartAsync(
            redis,
            s =>
            {
                s.GlobalLimit = 40;
                foreach (var major in Enumerable.Range(1, 4))
                {
                    s.MajorLimits[$"{SimulatedRoutes.CreateMessage}:{major}"] = new BucketLimit(random.Next(3, 8), Second);
                    s.MajorLimits[$"{SimulatedRoutes.EditMessage}:{major}"] = s.MajorLimits[$"{SimulatedRoutes.CreateMessage}:{major}"];
                    s.MajorLimits[$"{SimulatedRoutes.AddRole}:{major}"] = new BucketLimit(random.Next(3, 8), Second);
                }
            },
            c => c.GlobalRateLimit = 40);

        // Each route's first answer teaches its bucket hash. Until then two routes that share a bucket (create and
        // edit here) each have one learning request in flight, which can overrun a nearly full bucket once; the
        // checklist asks for no 429 from buckets whose headers were known, so the routes are learnt first.
        Assert.True((await scenario.Send(Calls.CreateMessage(99))).IsSuccess);
        Assert.True((await scenario.Send(Calls.EditMessage(99, 1))).IsSuccess);
        Assert.True((await scenario.Send(Calls.AddRole(99, 1))).IsSuccess);
        var calls = Enumerable.Range(0, 120).Select(i => (ulong)(i % 4 + 1)).Select((major, i) => (i % 3) switch
        {
            0 => Calls.CreateMessage(major),
            1 => Calls.EditMessage(major, 500),
            _ => Calls.AddRole(major, (ulong)(1000 + i)),
        });
        var results = await Task.WhenAll(calls.Select(c => scenario.Send(c)));

        Assert.All(results, r => Assert.True(r.IsSuccess, r.Error?.Message));
        var limited = scenario.Simulator.Requests.Where(r => r.Status == 429).ToList();
        Assert.True(limited.Count == 0, string.Join("; ", limited.Select(r => $"{r.Route} {r.Major} {r.Scope} at {r.ReceivedAtMs:0} ms")));
    }
}
