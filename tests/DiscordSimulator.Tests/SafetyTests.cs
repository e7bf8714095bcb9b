using Arrakis.Application.Abstractions.Discord;
using Arrakis.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Arrakis.DiscordSimulator.Tests;

/// <summary>Checklist 15-18 and 27: the invalid-request budget, a refused bot token, an edge ban, and bounded retries.</summary>
public sealed class SafetyTests(IsolatedRedis redis) : IClassFixture<IsolatedRedis>
{
    [Fact]
    public async Task InvalidRequests_WarnThenStopBotRequests_AndTheCountDecaysAfterTenMinutes()
    {
        var clock = new ShiftedTimeProvider();
        await using var scenario = await Scenario.StartAsync(redis, s => s.GuildsWithoutPermission.Add(1), c => c.InvalidRequestLimit = 5, clock);

        for (var i = 0; i < 5; i++)
        {
            var denied = await scenario.Client.Guilds.AddRoleAsync(Scenario.Id(1), Scenario.Id(10), Scenario.Id(20), "test", CancellationToken.None);
            Assert.Equal(DiscordFailure.MissingPermissions, denied.Error?.Kind);
            Assert.False(denied.Error?.IsTransient);
            if (i == 0)
            {
                Assert.Equal(HealthStatus.Degraded, (await scenario.Client.HealthAsync()).Entries["discord"].Status);
            }
        }

        var blocked = await scenario.Client.Guilds.AddRoleAsync(Scenario.Id(2), Scenario.Id(10), Scenario.Id(20), "test", CancellationToken.None);
        var callback = await scenario.Client.Interactions.RespondAsync(Scenario.Interaction(), new InteractionResponse.DeferredUpdate(), CancellationToken.None);

        Assert.Equal(DiscordFailure.Blocked, blocked.Error?.Kind);
        Assert.True(callback.IsSuccess, "interaction answers are essential and keep flowing");
        Assert.Equal(5, scenario.Requests(SimulatedRoutes.AddRole).Count);
        Assert.Equal(HealthStatus.Unhealthy, (await scenario.Client.HealthAsync()).Entries["discord"].Status);
        Assert.Contains(scenario.Client.Logs.GetSnapshot(), l => l.Level == Microsoft.Extensions.Logging.LogLevel.Critical && l.Message.Contains("invalid Discord requests", StringComparison.Ordinal));

        clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(11));
        var later = await scenario.Client.Guilds.AddRoleAsync(Scenario.Id(2), Scenario.Id(10), Scenario.Id(20), "test", CancellationToken.None);

        Assert.True(later.IsSuccess, later.Error?.Message);
        Assert.Equal(HealthStatus.Healthy, (await scenario.Client.HealthAsync()).Entries["discord"].Status);
    }

    [Fact]
    public async Task RefusedBotToken_StopsBotRequestsLocally_InteractionsGoOn()
    {
        await using var scenario = await Scenario.StartAsync(redis, botToken: "a-revoked-token-SECRET");

        var first = await scenario.Client.Guilds.GetMemberAsync(Scenario.Id(1), Scenario.Id(2), CancellationToken.None);
        var second = await scenario.Client.Guilds.AddRoleAsync(Scenario.Id(1), Scenario.Id(2), Scenario.Id(3), "test", CancellationToken.None);
        var callback = await scenario.Client.Interactions.RespondAsync(Scenario.Interaction(), new InteractionResponse.DeferredUpdate(), CancellationToken.None);

        Assert.Equal(DiscordFailure.Unauthorized, first.Error?.Kind);
        Assert.Equal(DiscordFailure.Unauthorized, second.Error?.Kind);
        Assert.True(callback.IsSuccess);
        Assert.Single(scenario.Simulator.Requests, r => !SimulatedRoutes.IsInteractionRoute(r.Route));
        Assert.Equal(HealthStatus.Unhealthy, (await scenario.Client.HealthAsync()).Entries["discord"].Status);
    }

    [Fact]
    public async Task EdgeBan_OpensTheBreaker_WithoutARetryStorm()
    {
        await using var scenario = await Scenario.StartAsync(redis);
        scenario.Simulator.Inject(SimulatorFault.Route(SimulatedRoutes.GetMember, 429, SimulatorFault.ErrorBody(0, "You are being blocked from accessing our API temporarily due to exceeding our rate limits frequently.")));

        var banned = await scenario.Send(Calls.GetMember(1, 2));
        var next = await scenario.Send(Calls.AddRole(3, 4));

        Assert.Equal(DiscordFailure.Blocked, banned.Error?.Kind);
        Assert.Equal(DiscordFailure.Blocked, next.Error?.Kind);
        Assert.Single(scenario.Simulator.Requests);
    }

    [Fact]
    public async Task CloudflareHtmlPage_IsReadWithoutAnException()
    {
        await using var scenario = await Scenario.StartAsync(redis);
        scenario.Simulator.Inject(new SimulatorFault
        {
            Matches = r => r.Route == SimulatedRoutes.AddRole,
            Status = 403,
            Body = "<!DOCTYPE html><html><body>error code: 1015</body></html>",
            ContentType = "text/html",
        });

        var result = await scenario.Send(Calls.AddRole(1, 2));

        Assert.Equal(403, result.Error?.HttpStatus);
        Assert.Equal(0, result.Error?.Code);
        Assert.False(result.Error?.IsTransient);
    }

    [Fact]
    public async Task BadGatewayThenSuccess_IsRetriedOnce()
    {
        await using var scenario = await Scenario.StartAsync(redis);
        scenario.Simulator.Inject(SimulatorFault.Route(SimulatedRoutes.AddRole, 502, "<html>502 Bad Gateway</html>"));

        var result = await scenario.Client.Guilds.AddRoleAsync(Scenario.Id(1), Scenario.Id(2), Scenario.Id(3), "test", CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal([502, 204], scenario.Simulator.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task ServerErrors_AreRetriedABoundedNumberOfTimes_ThenReportedTransient()
    {
        await using var scenario = await Scenario.StartAsync(redis);
        scenario.Simulator.Inject(SimulatorFault.Route(SimulatedRoutes.GetMember, 500, SimulatorFault.ErrorBody(0, "500: Internal Server Error"), times: 10));

        var result = await scenario.Client.Guilds.GetMemberAsync(Scenario.Id(1), Scenario.Id(2), CancellationToken.None);

        Assert.Equal(DiscordFailure.ServerError, result.Error?.Kind);
        Assert.True(result.Error?.IsTransient);
        Assert.Equal(4, scenario.Simulator.Requests.Count); // the first try and 3 retries
    }

    [Fact]
    public async Task FollowUp_IsNotRepeatedAfterA5xx_ButCreateMessageIs_WithTheSameNonce()
    {
        await using var scenario = await Scenario.StartAsync(redis);
        scenario.Simulator.Inject(SimulatorFault.Route(SimulatedRoutes.FollowUp, 500));
        scenario.Simulator.Inject(SimulatorFault.Route(SimulatedRoutes.CreateMessage, 500));

        var followUp = await scenario.Client.Interactions.FollowUpAsync(Scenario.Interaction(), new MessageContent("once"), CancellationToken.None);
        var dm = await scenario.Client.DirectMessages.SendAsync(Scenario.Id(42), new MessageContent("hello"), "test-send-1", CancellationToken.None);

        Assert.Equal(DiscordFailure.ServerError, followUp.Error?.Kind);
        Assert.Single(scenario.Requests(SimulatedRoutes.FollowUp));
        Assert.True(dm.IsSuccess, dm.Error?.Message);
        var creates = scenario.Requests(SimulatedRoutes.CreateMessage).Select(r => System.Text.Json.Nodes.JsonNode.Parse(r.Body)!).ToList();
        Assert.Equal(2, creates.Count);
        Assert.Equal(creates[0]["nonce"]!.GetValue<string>(), creates[1]["nonce"]!.GetValue<string>());
        Assert.True(creates[1]["enforce_nonce"]!.GetValue<bool>());
    }

    [Fact]
    public async Task RefusedConnection_IsRetried_ThenATransientFailure()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there now
        await using var client = DiscordClientHarness.Create($"http://127.0.0.1:{port}/api", redis.KeyPrefix + "refused:");

        var result = await client.Guilds.GetMemberAsync(Scenario.Id(1), Scenario.Id(2), CancellationToken.None);

        Assert.Equal(DiscordFailure.ConnectionFailed, result.Error?.Kind);
        Assert.True(result.Error?.IsTransient);
        Assert.Equal(3, client.Logs.GetSnapshot().Count(l => l.Message.Contains("connection failed", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task RedisUnavailable_IsATransientFailure_NotAnException()
    {
        await using var scenario = await Scenario.StartAsync(redis);
        await using var client = DiscordClientHarness.Create(scenario.Simulator.ApiBaseUrl, redis.KeyPrefix + "noredis:", redisConfiguration: "127.0.0.1:1,abortConnect=false,connectTimeout=200,syncTimeout=500,asyncTimeout=500");

        var role = await client.Guilds.AddRoleAsync(Scenario.Id(1), Scenario.Id(2), Scenario.Id(3), "x", CancellationToken.None);
        var dm = await client.DirectMessages.SendAsync(Scenario.Id(4), new MessageContent("x"), "test-send-2", CancellationToken.None);

        Assert.Equal(DiscordFailure.ConnectionFailed, role.Error?.Kind);
        Assert.True(role.Error?.IsTransient);
        Assert.True(dm.Error?.IsTransient);
        Assert.Empty(scenario.Simulator.Requests);
    }

    [Fact]
    public async Task HungAttempt_OfASafeRequest_IsTriedAgain_AnUnsafeOneIsNot()
    {
        await using var scenario = await Scenario.StartAsync(redis, client: c => c.AttemptTimeout = TimeSpan.FromMilliseconds(500));
        scenario.Simulator.Inject(new SimulatorFault { Matches = r => r.Route == SimulatedRoutes.GetMember, Delay = TimeSpan.FromSeconds(3) });
        scenario.Simulator.Inject(new SimulatorFault { Matches = r => r.Route == SimulatedRoutes.FollowUp, Delay = TimeSpan.FromSeconds(3) });

        var member = await scenario.Client.Guilds.GetMemberAsync(Scenario.Id(1), Scenario.Id(2), CancellationToken.None);
        var followUp = await scenario.Client.Interactions.FollowUpAsync(Scenario.Interaction(), new MessageContent("once"), CancellationToken.None);

        Assert.True(member.IsSuccess, member.Error?.Message);
        Assert.Equal(2, scenario.Requests(SimulatedRoutes.GetMember).Count);
        Assert.Equal(DiscordFailure.Timeout, followUp.Error?.Kind);
        Assert.True(followUp.Error?.IsTransient);
        Assert.Single(scenario.Requests(SimulatedRoutes.FollowUp));
    }
}
