using System.Text.Json;
using System.Text.Json.Nodes;
using Arrakis.Application.Abstractions.Discord;
using Arrakis.Infrastructure.Discord.Rest;
using Arrakis.Testing;

namespace Arrakis.DiscordSimulator.Tests;

/// <summary>Checklist 23-25: roles with an audit-log reason, members, and direct messages.</summary>
public sealed class GuildAndDirectMessageTests(IsolatedRedis redis) : IClassFixture<IsolatedRedis>
{
    [Fact]
    public async Task AuditLogReason_IsUrlEncoded_OnAddAndRemove()
    {
        await using var scenario = await Scenario.StartAsync(redis);
        const string reason = "Vérifié par Arrakis — wallet 0xABC ✓";

        var added = await scenario.Client.Guilds.AddRoleAsync(Scenario.Id(1), Scenario.Id(2), Scenario.Id(3), reason, CancellationToken.None);
        var removed = await scenario.Client.Guilds.RemoveRoleAsync(Scenario.Id(1), Scenario.Id(2), Scenario.Id(3), reason, CancellationToken.None);

        Assert.True(added.IsSuccess && removed.IsSuccess);
        Assert.All(scenario.Simulator.Requests, r =>
        {
            Assert.Equal(Uri.EscapeDataString(reason), r.AuditLogReason);
            Assert.Equal(reason, Uri.UnescapeDataString(r.AuditLogReason!));
        });
        Assert.Equal(["PUT", "DELETE"], scenario.Simulator.Requests.Select(r => r.Method));
    }

    [Fact]
    public void AuditLogReason_IsCutTo512EncodedCharacters_NeverInsideACharacter()
    {
        var encoded = DiscordRestClient.AuditLogReason(new string('é', 400));

        Assert.True(encoded.Length <= 512);
        Assert.Equal(new string('é', encoded.Length / 6), Uri.UnescapeDataString(encoded));
    }

    [Fact]
    public async Task UnknownMemberAndRole_AreTypedPermanentFailures()
    {
        await using var scenario = await Scenario.StartAsync(redis, s =>
        {
            s.UnknownMembers.Add(404);
            s.UnknownRoles.Add(505);
        });

        var member = await scenario.Client.Guilds.AddRoleAsync(Scenario.Id(1), Scenario.Id(404), Scenario.Id(3), "x", CancellationToken.None);
        var role = await scenario.Client.Guilds.RemoveRoleAsync(Scenario.Id(1), Scenario.Id(2), Scenario.Id(505), "x", CancellationToken.None);
        var get = await scenario.Client.Guilds.GetMemberAsync(Scenario.Id(1), Scenario.Id(404), CancellationToken.None);

        Assert.Equal((404, DiscordError.UnknownMember, DiscordFailure.UnknownMember), (member.Error!.HttpStatus, member.Error.Code, member.Error.Kind));
        Assert.Equal((404, DiscordError.UnknownRole, DiscordFailure.UnknownRole), (role.Error!.HttpStatus, role.Error.Code, role.Error.Kind));
        Assert.Equal(DiscordFailure.UnknownMember, get.Error?.Kind);
        Assert.All([member.Error, role.Error, get.Error!], e => Assert.False(e.IsTransient));
    }

    [Fact]
    public async Task GetMember_ReadsTheMember()
    {
        await using var scenario = await Scenario.StartAsync(redis);

        var result = await scenario.Client.Guilds.GetMemberAsync(Scenario.Id(1), Scenario.Id(1234567), CancellationToken.None);

        Assert.True(result.IsSuccess);
        Assert.Equal(1234567UL, result.Value!.UserId.Value);
        Assert.Equal("user1234567", result.Value.Username);
        Assert.Equal("nick1234567", result.Value.Nickname);
        Assert.Equal([1250000000000000001UL], result.Value.Roles.Select(r => r.Value));
    }

    [Fact]
    public async Task DirectMessage_OpensTheChannelWithAStringId_ThenSendsThere_AndReusesIt()
    {
        await using var scenario = await Scenario.StartAsync(redis);

        var first = await scenario.Client.DirectMessages.SendAsync(Scenario.Id(4242), new MessageContent("Welcome to Arrakis"), "test-send-5", CancellationToken.None);
        var second = await scenario.Client.DirectMessages.SendAsync(Scenario.Id(4242), new MessageContent("Again"), "test-send-6", CancellationToken.None);

        Assert.True(first.IsSuccess && second.IsSuccess);
        var open = Assert.Single(scenario.Requests(SimulatedRoutes.CreateDm));
        Assert.Equal(JsonValueKind.String, JsonNode.Parse(open.Body)!["recipient_id"]!.GetValueKind());
        Assert.Equal("4242", JsonNode.Parse(open.Body)!["recipient_id"]!.GetValue<string>());
        var sends = scenario.Requests(SimulatedRoutes.CreateMessage);
        Assert.Equal(2, sends.Count);
        Assert.All(sends, s => Assert.NotEqual("4242", s.Values["channel_id"]));
        Assert.Equal(0, scenario.Simulator.Statistics.Violations);
    }

    [Fact]
    public async Task RoleAdd_StillInFlightWhenTheCallerGivesUp_IsReadToItsEnd()
    {
        // A run cut off by its processing timeout while Discord was adding the role: the answer is still read, so
        // the handler can record the role as added and the retry does not add it again.
        await using var scenario = await Scenario.StartAsync(redis);
        using var cancel = new CancellationTokenSource();
        // The caller gives up the moment the request reaches Discord, which then takes 600 ms to answer.
        scenario.Simulator.Inject(new SimulatorFault
        {
            Matches = r => r.Route == SimulatedRoutes.AddRole && Arrival.Cancels(cancel),
            Delay = TimeSpan.FromMilliseconds(600),
        });

        var added = await scenario.Client.Guilds.AddRoleAsync(Scenario.Id(1), Scenario.Id(2), Scenario.Id(3), "x", cancel.Token);

        Assert.True(cancel.IsCancellationRequested);
        Assert.True(added.IsSuccess, added.Error?.Message);
        Assert.Single(scenario.Requests(SimulatedRoutes.AddRole));
    }

    [Fact]
    public async Task RoleAdd_CancelledBeforeItIsSent_SendsNothing()
    {
        await using var scenario = await Scenario.StartAsync(redis);
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => scenario.Client.Guilds.AddRoleAsync(Scenario.Id(1), Scenario.Id(2), Scenario.Id(3), "x", cancel.Token));

        Assert.Empty(scenario.Requests(SimulatedRoutes.AddRole));
    }

    [Fact]
    public async Task DirectMessage_SentAgainWithTheSameKey_GetsTheMessageAlreadyMade()
    {
        await using var scenario = await Scenario.StartAsync(redis);

        var first = await scenario.Client.DirectMessages.SendAsync(Scenario.Id(4343), new MessageContent("Welcome"), "event:e-1:welcome", CancellationToken.None);
        var again = await scenario.Client.DirectMessages.SendAsync(Scenario.Id(4343), new MessageContent("Welcome"), "event:e-1:welcome", CancellationToken.None);
        var other = await scenario.Client.DirectMessages.SendAsync(Scenario.Id(4343), new MessageContent("Welcome"), "event:e-2:welcome", CancellationToken.None);

        Assert.True(first.IsSuccess && again.IsSuccess && other.IsSuccess);
        var sends = scenario.Requests(SimulatedRoutes.CreateMessage);
        Assert.Equal([false, true, false], sends.Select(s => s.NonceReplay));
        var body = JsonNode.Parse(sends[0].Body)!;
        Assert.True(body["enforce_nonce"]!.GetValue<bool>());
        Assert.InRange(body["nonce"]!.GetValue<string>().Length, 1, 25);
        Assert.Equal(0, scenario.Simulator.Statistics.Violations);
    }

    [Fact]
    public async Task DirectMessage_Refused_IsCannotMessageUser_AndNotTriedAgain()
    {
        await using var scenario = await Scenario.StartAsync(redis, s => s.ClosedDirectMessages.Add(777));

        var first = await scenario.Client.DirectMessages.SendAsync(Scenario.Id(777), new MessageContent("hi"), "test-send-7", CancellationToken.None);
        var second = await scenario.Client.DirectMessages.SendAsync(Scenario.Id(777), new MessageContent("hi again"), "test-send-8", CancellationToken.None);

        Assert.Equal(DiscordFailure.CannotMessageUser, first.Error?.Kind);
        Assert.Equal(403, first.Error?.HttpStatus);
        Assert.Equal(DiscordFailure.CannotMessageUser, second.Error?.Kind);
        Assert.Single(scenario.Requests(SimulatedRoutes.CreateMessage));
    }
}
