using Arrakis.Application.Abstractions.Discord;
using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Application.Abstractions.State;
using Arrakis.Application.Guilds;
using Arrakis.Application.Verification;

namespace Arrakis.Application.Tests.Features;

public sealed class VerificationTests
{
    private const string Address = "0x52908400098527886E0F7030069857D2E4169EE7";
    private static readonly SessionKey Key = VerificationSession.KeyFor(FeatureHarness.Guild, FeatureHarness.User);

    private static async Task<VerificationSession> StartAsync(FeatureHarness h)
    {
        var result = await h.DispatchAsync(h.Interaction(InteractionKind.Command, "verify", options: FeatureHarness.PayloadOf("""{"chain": "berachain"}""")));
        Assert.True(result.IsSuccess, result.ToString());
        return (await h.Sessions.GetAsync<VerificationSession>(Key, CancellationToken.None))!.Document;
    }

    private static Task<Result> SubmitAsync(FeatureHarness h, string address, string signature) =>
        h.DispatchAsync(h.Interaction(InteractionKind.ModalSubmit, customId: "verify:submit:x",
            fields: new Dictionary<string, string> { ["address"] = address, ["signature"] = signature }));

    private static string SignatureFor(VerificationSession session, string address = Address) =>
        FakeWalletSignatures.Sign(address.ToLowerInvariant(), session.ChallengeFor(FeatureHarness.Guild, FeatureHarness.User).Text);

    private static string LastEdit(FeatureHarness h) => ((MessageContent)h.Discord.Calls.Last(c => c.Call == "edit-original").Body!).Content;

    [Fact]
    public async Task Verify_RepliesEphemerallyWithTheChallengeInACodeBlockAndAVerifyButton()
    {
        await using var h = new FeatureHarness();

        var session = await StartAsync(h);

        var reply = Assert.IsType<InteractionResponse.Reply>(Assert.Single(h.Discord.Calls).Body);
        Assert.True(reply.Message.Ephemeral);
        Assert.Contains("```\n" + session.ChallengeFor(FeatureHarness.Guild, FeatureHarness.User).Text + "\n```", reply.Message.Content, StringComparison.Ordinal);
        Assert.StartsWith("verify:", Assert.Single(reply.Message.Buttons!).CustomId, StringComparison.Ordinal);
        Assert.Equal("berachain", session.Chain);
        Assert.Equal(h.Clock.GetUtcNow().AddMinutes(15), session.ExpiresAt);
    }

    [Fact]
    public async Task TheButton_OpensAModalWithAddressAndSignature()
    {
        await using var h = new FeatureHarness();
        await StartAsync(h);

        await h.DispatchAsync(h.Interaction(InteractionKind.Component, customId: "verify:sign:abc"));

        var modal = Assert.IsType<InteractionResponse.OpenModal>(h.Discord.Calls[^1].Body).Modal;
        Assert.StartsWith("verify:", modal.CustomId, StringComparison.Ordinal);
        Assert.Equal(["address", "signature"], modal.Inputs.Select(i => i.CustomId));
    }

    [Fact]
    public async Task ARightSignature_GrantsTheVerifiedRole_RecordsIt_AndEndsTheSession()
    {
        await using var h = new FeatureHarness();
        await h.Settings.SetAsync(FeatureHarness.Guild, GuildSettingNames.VerifiedRole, "1187654321098765432", CancellationToken.None);
        var session = await StartAsync(h);

        var result = await SubmitAsync(h, Address, SignatureFor(session));

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal($"add-role:{FeatureHarness.Guild}:{FeatureHarness.User}:1187654321098765432", Assert.Single(h.Guilds.Calls));
        var record = await h.Verifications.GetAsync(FeatureHarness.Guild, FeatureHarness.User, CancellationToken.None);
        Assert.Equal(Address.ToLowerInvariant(), record!.Address.Value);
        Assert.False(h.Sessions.Contains(Key));
        Assert.StartsWith("Verified", LastEdit(h), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThreeWrongSignatures_EndTheSession()
    {
        await using var h = new FeatureHarness();
        await h.Settings.SetAsync(FeatureHarness.Guild, GuildSettingNames.VerifiedRole, "1187654321098765432", CancellationToken.None);
        var session = await StartAsync(h);
        var wrong = SignatureFor(session, "0x0000000000000000000000000000000000000001");

        await SubmitAsync(h, Address, wrong);
        Assert.Contains("2 tries left", LastEdit(h), StringComparison.Ordinal);
        await SubmitAsync(h, Address, wrong);
        Assert.Contains("1 try left", LastEdit(h), StringComparison.Ordinal);
        await SubmitAsync(h, Address, wrong);

        Assert.Equal(SubmitSignatureHandler.TooManyWrong, LastEdit(h));
        Assert.False(h.Sessions.Contains(Key));
        // Even the right signature is too late now.
        await SubmitAsync(h, Address, SignatureFor(session));
        Assert.Empty(h.Guilds.Calls);
    }

    [Fact]
    public async Task AnExpiredChallenge_IsRefused()
    {
        await using var h = new FeatureHarness();
        var session = await StartAsync(h);
        h.Clock.Now = h.Clock.Now.AddMinutes(16);

        await SubmitAsync(h, Address, SignatureFor(session));

        Assert.Equal(OpenSignatureModalHandler.Expired, LastEdit(h));
        Assert.Empty(h.Guilds.Calls);
    }

    [Fact]
    public async Task WithoutAVerifiedRole_TheUserIsToldAnAdminMustRunSetup()
    {
        await using var h = new FeatureHarness();
        var session = await StartAsync(h);

        await SubmitAsync(h, Address, SignatureFor(session));

        Assert.Contains("/setup verified-role", LastEdit(h), StringComparison.Ordinal);
        Assert.Empty(h.Guilds.Calls);
    }

    [Fact]
    public async Task Verify_OnCooldown_IsAnsweredWithTheTimeToWait()
    {
        await using var h = new FeatureHarness();
        h.Cooldowns.Decision = new CooldownDecision(false, TimeSpan.FromSeconds(12));

        await h.DispatchAsync(h.Interaction(InteractionKind.Command, "verify"));

        var reply = Assert.IsType<InteractionResponse.Reply>(Assert.Single(h.Discord.Calls).Body);
        Assert.True(reply.Message.Ephemeral);
        Assert.Contains("12", reply.Message.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Autocomplete_WithoutCommandOrFocusedOption_AnswersEveryChain()
    {
        await using var h = new FeatureHarness();

        var result = await h.DispatchAsync(h.Interaction(InteractionKind.Autocomplete));

        Assert.True(result.IsSuccess, result.ToString());
        var choices = Assert.IsType<InteractionResponse.AutocompleteResult>(Assert.Single(h.Discord.Calls).Body).Choices;
        Assert.Equal(Chains.All, choices.Select(c => c.Value));
    }

    [Fact]
    public async Task Autocomplete_WithWhatWasTyped_Filters()
    {
        await using var h = new FeatureHarness();
        var input = h.Interaction(InteractionKind.Autocomplete, "verify", options: FeatureHarness.PayloadOf("""{"chain": "ber"}""")) with { FocusedOption = "chain" };

        await h.DispatchAsync(input);

        Assert.Equal(["berachain"], Assert.IsType<InteractionResponse.AutocompleteResult>(Assert.Single(h.Discord.Calls).Body).Choices.Select(c => c.Value));
    }
}
