using Arrakis.Application.Abstractions.Discord;
using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Application.Abstractions.State;
using Arrakis.Application.Guilds;
using Arrakis.Domain.Wallets;

namespace Arrakis.Application.Tests.Features;

public sealed class MemberAndGuildEventTests
{
    private static Payload JoinData => FeatureHarness.PayloadOf("""{"userId": "287654321098765432", "username": "sandworm_rider", "displayName": "Sandworm Rider", "roles": []}""");

    [Fact]
    public async Task MemberJoin_GetsTheAutoRoleAndTheWelcomeWithTheirName()
    {
        await using var h = new FeatureHarness();
        await h.Settings.SetAsync(FeatureHarness.Guild, GuildSettingNames.AutoRole, "1200000000000000001", CancellationToken.None);
        await h.Settings.SetAsync(FeatureHarness.Guild, GuildSettingNames.WelcomeMessage, "Welcome, {user}!", CancellationToken.None);

        var result = await h.DispatchAsync(h.Event("member.join", FeatureHarness.User, JoinData));

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal($"add-role:{FeatureHarness.Guild}:{FeatureHarness.User}:1200000000000000001", Assert.Single(h.Guilds.Calls));
        Assert.Equal((FeatureHarness.User, "Welcome, Sandworm Rider!"), Assert.Single(h.DirectMessages.Sent));
    }

    [Fact]
    public async Task MemberJoin_WithNothingSetUp_CallsDiscordNotAtAll()
    {
        await using var h = new FeatureHarness();

        Assert.True((await h.DispatchAsync(h.Event("member.join", FeatureHarness.User, JoinData))).IsSuccess);

        Assert.Empty(h.Guilds.Calls);
        Assert.Empty(h.DirectMessages.Sent);
    }

    [Fact]
    public async Task MemberJoin_WhoRefusesDms_IsAcknowledgedNotRetried()
    {
        await using var h = new FeatureHarness();
        await h.Settings.SetAsync(FeatureHarness.Guild, GuildSettingNames.WelcomeMessage, "hi", CancellationToken.None);
        h.DirectMessages.Result = DiscordResult.Failed(new DiscordError(403, DiscordError.CannotMessageUser, "Cannot send messages to this user", IsTransient: false));

        var result = await h.DispatchAsync(h.Event("member.join", FeatureHarness.User, JoinData));

        Assert.Equal(ResultKind.Success, result.Kind);
    }

    [Fact]
    public async Task MemberJoin_WhenDiscordIsDown_IsRetriedLater()
    {
        await using var h = new FeatureHarness();
        await h.Settings.SetAsync(FeatureHarness.Guild, GuildSettingNames.AutoRole, "1200000000000000001", CancellationToken.None);
        h.Guilds.AddRoleResult = DiscordResult.Failed(new DiscordError(503, 0, "Service unavailable", IsTransient: true));

        Assert.Equal(ResultKind.TransientFailure, (await h.DispatchAsync(h.Event("member.join", FeatureHarness.User, JoinData))).Kind);
    }

    [Fact]
    public async Task MemberLeave_ForgetsTheMember_AndAnUnknownOneIsAcknowledged()
    {
        await using var h = new FeatureHarness();

        Assert.True((await h.DispatchAsync(h.Event("member.leave", FeatureHarness.User))).IsSuccess);
        Assert.True((await h.DispatchAsync(h.Event("member.leave", user: null))).IsSuccess);

        Assert.Equal([$"member:{FeatureHarness.Guild}:{FeatureHarness.User}"], h.Eraser.Erased);
    }

    [Fact]
    public async Task MemberUpdate_RemovingTheVerifiedRole_RevokesTheVerification()
    {
        await using var h = new FeatureHarness();
        await h.Settings.SetAsync(FeatureHarness.Guild, GuildSettingNames.VerifiedRole, "1187654321098765432", CancellationToken.None);
        Assert.True(WalletAddress.TryParse("0x52908400098527886E0F7030069857D2E4169EE7", out var address));
        await h.Verifications.RecordAsync(new WalletVerification(FeatureHarness.Guild, FeatureHarness.User, address!, h.Clock.GetUtcNow()), CancellationToken.None);

        await h.DispatchAsync(h.Event("member.update", FeatureHarness.User, FeatureHarness.PayloadOf("""{"removedRoles": ["1"], "addedRoles": []}""")));
        Assert.False((await h.Verifications.GetAsync(FeatureHarness.Guild, FeatureHarness.User, CancellationToken.None))!.IsRevoked);

        await h.DispatchAsync(h.Event("member.update", FeatureHarness.User, FeatureHarness.PayloadOf("""{"removedRoles": ["1187654321098765432"], "addedRoles": []}""")));
        Assert.True((await h.Verifications.GetAsync(FeatureHarness.Guild, FeatureHarness.User, CancellationToken.None))!.IsRevoked);
    }

    [Theory]
    [InlineData("guild.join")]
    [InlineData("guild.create")]
    public async Task GuildJoin_InEitherSpelling_StartsTheSettings(string eventType)
    {
        await using var h = new FeatureHarness();

        Assert.True((await h.DispatchAsync(h.Event(eventType))).IsSuccess);

        Assert.NotNull(await h.Settings.GetAsync(FeatureHarness.Guild, GuildSettingNames.JoinedAt, CancellationToken.None));
    }

    [Theory]
    [InlineData("guild.leave")]
    [InlineData("guild.delete")]
    public async Task GuildLeave_InEitherSpelling_ErasesTheGuild(string eventType)
    {
        await using var h = new FeatureHarness();

        Assert.True((await h.DispatchAsync(h.Event(eventType))).IsSuccess);

        Assert.Equal([$"guild:{FeatureHarness.Guild}"], h.Eraser.Erased);
    }

    [Fact]
    public async Task TheSameEventDeliveredTwice_RunsOnce()
    {
        await using var h = new FeatureHarness();
        await h.Settings.SetAsync(FeatureHarness.Guild, GuildSettingNames.AutoRole, "1200000000000000001", CancellationToken.None);
        var join = h.Event("member.join", FeatureHarness.User, JoinData);

        await h.DispatchAsync(join);
        await h.DispatchAsync(join);

        Assert.Single(h.Guilds.Calls);
    }
}
