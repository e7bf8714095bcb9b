using Arrakis.Application.Abstractions.Discord;
using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Application.Guilds;
using Arrakis.Application.Setup;

namespace Arrakis.Application.Tests.Features;

public sealed class SetupTests
{
    private static InteractionInput SetupCommand(FeatureHarness h, string options, params string[] permissions) =>
        h.Interaction(InteractionKind.Command, "setup", options: FeatureHarness.PayloadOf(options), permissions: permissions);

    private static string LastEdit(FeatureHarness h) =>
        ((MessageContent)h.Discord.Calls.Last(c => c.Call == "edit-original").Body!).Content;

    [Fact]
    public async Task Setup_WithoutManageGuild_IsRefusedEphemerallyAndChangesNothing()
    {
        await using var h = new FeatureHarness();

        var result = await h.DispatchAsync(SetupCommand(h, """{"verified-role": {"role": "1187654321098765432"}}""", "ViewChannel"));

        Assert.True(result.IsSuccess, result.ToString());
        var deferral = Assert.IsType<InteractionResponse.DeferredReply>(h.Discord.Calls[0].Body);
        Assert.True(deferral.Ephemeral);
        Assert.Equal(SetupHandler.Refusal, LastEdit(h));
        Assert.Null(await h.Settings.GetAsync(FeatureHarness.Guild, GuildSettingNames.VerifiedRole, CancellationToken.None));
    }

    [Theory]
    [InlineData("ManageGuild")]
    [InlineData("Administrator")]
    public async Task SetupVerifiedRole_ByAnAdmin_StoresTheRole(string permission)
    {
        await using var h = new FeatureHarness();

        await h.DispatchAsync(SetupCommand(h, """{"verified-role": {"role": "1187654321098765432"}}""", permission));

        Assert.Equal("1187654321098765432", await h.Settings.GetAsync(FeatureHarness.Guild, GuildSettingNames.VerifiedRole, CancellationToken.None));
        Assert.Contains("<@&1187654321098765432>", LastEdit(h), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetupAutoRoleAndWelcome_WithoutAnOption_ClearThem()
    {
        await using var h = new FeatureHarness();
        await h.Settings.SetAsync(FeatureHarness.Guild, GuildSettingNames.AutoRole, "1", CancellationToken.None);
        await h.Settings.SetAsync(FeatureHarness.Guild, GuildSettingNames.WelcomeMessage, "hi", CancellationToken.None);

        await h.DispatchAsync(SetupCommand(h, """{"auto-role": {}}""", "ManageGuild"));
        await h.DispatchAsync(SetupCommand(h, """{"welcome": {}}""", "ManageGuild"));

        Assert.Empty(await h.Settings.GetAllAsync(FeatureHarness.Guild, CancellationToken.None));
    }

    [Fact]
    public async Task SetupShow_SummarisesTheSettings()
    {
        await using var h = new FeatureHarness();
        await h.DispatchAsync(SetupCommand(h, """{"welcome": {"message": "Welcome {user}!"}}""", "ManageGuild"));

        await h.DispatchAsync(SetupCommand(h, """{"show": {}}""", "ManageGuild"));

        var text = LastEdit(h);
        Assert.Contains("Welcome {user}!", text, StringComparison.Ordinal);
        Assert.Contains("not set (run `/setup verified-role`)", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetupVerifiedRole_WithoutARole_IsAnsweredWithWhatIsWrong_AndNotDeferred()
    {
        await using var h = new FeatureHarness();

        await h.DispatchAsync(SetupCommand(h, """{"verified-role": {}}""", "ManageGuild"));

        var reply = Assert.IsType<InteractionResponse.Reply>(Assert.Single(h.Discord.Calls).Body);
        Assert.True(reply.Message.Ephemeral);
        Assert.Contains("Choose the role", reply.Message.Content, StringComparison.Ordinal);
    }
}
