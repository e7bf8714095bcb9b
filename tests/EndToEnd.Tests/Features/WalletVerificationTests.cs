using System.Text.Json.Nodes;
using Arrakis.DiscordSimulator;
using Arrakis.Testing;
using Nethereum.Signer;

namespace Arrakis.EndToEnd.Tests.Features;

/// <summary>
/// Wallet verification end to end: the ingestor's messages on the real broker, the real worker, Redis, and the
/// Discord simulator checking every call against Discord's OpenAPI description. Signatures are real EIP-191 ones.
/// </summary>
[Collection(FeatureWorld.Collection)]
public sealed class WalletVerificationTests(FeatureWorld world) : IClassFixture<FeatureWorld>
{
    [Fact]
    public async Task AdminSetsTheVerifiedRole_MemberSignsTheChallenge_GetsTheRoleAndIsTold()
    {
        var (guild, admin, member, role) = (FeatureWorld.NewId(), FeatureWorld.NewId(), FeatureWorld.NewId(), FeatureWorld.NewId());

        // /setup verified-role by an admin: deferred (type 5, ephemeral), then the deferral is edited.
        var setup = await world.PublishAsync(FeatureWorld.Command("setup", guild, admin,
            new JsonObject { ["verified-role"] = new JsonObject { ["role"] = role } }, "ViewChannel", "Administrator"));
        var setupRequests = await world.WaitForAsync(setup, rs => rs.Any(r => r.Route == SimulatedRoutes.EditOriginal), "/setup edits its deferral");
        AssertDeferredEphemeral(setupRequests);
        Assert.Contains($"<@&{role}>", Content(setupRequests.Single(r => r.Route == SimulatedRoutes.EditOriginal)), StringComparison.Ordinal);

        // /verify: the challenge in a code block and a button, at once and ephemeral.
        var (verify, challenge, buttonId) = await StartVerificationAsync(guild, member);

        // The button opens the modal (type 9) with the address and signature inputs.
        var button = FeatureWorld.Sample("interaction.button", guild, member);
        button.Body["data"]!["customId"] = buttonId;
        await world.PublishAsync(button);
        var modalCallback = Assert.Single(await world.WaitForAsync(button, rs => rs.Any(r => r.Route == SimulatedRoutes.Callback), "the button opens a modal"));
        var modal = FeatureWorld.BodyOf(modalCallback);
        Assert.Equal(9, modal["type"]!.GetValue<int>());
        var modalId = modal["data"]!["custom_id"]!.GetValue<string>();
        Assert.StartsWith("verify:", modalId, StringComparison.Ordinal);
        Assert.Equal(["address", "signature"], CustomIds(modal["data"]!["components"]).Order(StringComparer.Ordinal));

        // The modal's submission with a real signature of the exact challenge text.
        var key = EthECKey.GenerateKey();
        var submit = Submission(guild, member, modalId, key.GetPublicAddress(), new EthereumMessageSigner().EncodeUTF8AndSign(challenge, key));
        await world.PublishAsync(submit);
        var submitRequests = await world.WaitForAsync(submit, rs => rs.Any(r => r.Route == SimulatedRoutes.EditOriginal), "the submission edits its deferral");
        AssertDeferredEphemeral(submitRequests);
        Assert.Contains("Verified", Content(submitRequests.Single(r => r.Route == SimulatedRoutes.EditOriginal)), StringComparison.Ordinal);
        Assert.Contains(key.GetPublicAddress(), Content(submitRequests.Single(r => r.Route == SimulatedRoutes.EditOriginal)), StringComparison.OrdinalIgnoreCase);

        var grant = Assert.Single(RoleGrants(guild, member));
        Assert.Equal(role, grant.Values["role_id"]);
        Assert.Equal(204, grant.Status);
        Assert.True(grant.HasAuthorization);
        Assert.False(string.IsNullOrWhiteSpace(grant.AuditLogReason));

        // The verification is recorded and the session is over.
        var recorded = await world.Redis.Database.HashGetAsync($"{world.Redis.KeyPrefix}verification:{guild}:{member}", "address");
        Assert.Equal(key.GetPublicAddress(), recorded.ToString(), ignoreCase: true);
        Assert.False(await world.Redis.Database.KeyExistsAsync($"{world.Redis.KeyPrefix}session:verify:{guild}:{member}"));

        world.AssertDiscordSawNoMistakes([.. world.RequestsOf(setup), .. world.RequestsOf(verify), .. world.RequestsOf(button), .. submitRequests, grant]);
    }

    [Fact]
    public async Task WrongSignature_IsToldItDoesNotMatch_AndGetsNoRole()
    {
        var (guild, admin, member) = (FeatureWorld.NewId(), FeatureWorld.NewId(), FeatureWorld.NewId());
        await SetVerifiedRoleAsync(guild, admin, FeatureWorld.NewId());
        var (_, challenge, _) = await StartVerificationAsync(guild, member);

        // Signed by one key, claimed for another address.
        var submit = Submission(guild, member, ModalIdFor(challenge), EthECKey.GenerateKey().GetPublicAddress(),
            new EthereumMessageSigner().EncodeUTF8AndSign(challenge, EthECKey.GenerateKey()));
        var text = await SubmitAsync(submit);

        Assert.Contains("does not match", text, StringComparison.Ordinal);
        Assert.Contains("2 tries left", text, StringComparison.Ordinal);
        Assert.Empty(RoleGrants(guild, member));
        Assert.True(await world.Redis.Database.KeyExistsAsync($"{world.Redis.KeyPrefix}session:verify:{guild}:{member}"));
        world.AssertDiscordSawNoMistakes(world.RequestsOf(submit));
    }

    [Fact]
    public async Task ThreeWrongSignatures_EndTheSession_SoEvenTheRightOneIsRefusedAfterwards()
    {
        var (guild, admin, member) = (FeatureWorld.NewId(), FeatureWorld.NewId(), FeatureWorld.NewId());
        await SetVerifiedRoleAsync(guild, admin, FeatureWorld.NewId());
        var (_, challenge, _) = await StartVerificationAsync(guild, member);
        var key = EthECKey.GenerateKey();
        var wrongSignature = new EthereumMessageSigner().EncodeUTF8AndSign(challenge + " (altered)", key);

        var answers = new List<string>();
        var submissions = new List<WireFixture>();
        for (var i = 0; i < 3; i++)
        {
            var submit = Submission(guild, member, ModalIdFor(challenge), key.GetPublicAddress(), wrongSignature);
            submissions.Add(submit);
            answers.Add(await SubmitAsync(submit));
        }

        Assert.Contains("2 tries left", answers[0], StringComparison.Ordinal);
        Assert.Contains("1 try left", answers[1], StringComparison.Ordinal);
        Assert.Contains("three times", answers[2], StringComparison.Ordinal);
        Assert.False(await world.Redis.Database.KeyExistsAsync($"{world.Redis.KeyPrefix}session:verify:{guild}:{member}"));

        // The correct signature of the old challenge no longer counts.
        var late = Submission(guild, member, ModalIdFor(challenge), key.GetPublicAddress(), new EthereumMessageSigner().EncodeUTF8AndSign(challenge, key));
        submissions.Add(late);
        Assert.Contains("expired", await SubmitAsync(late), StringComparison.Ordinal);
        Assert.Empty(RoleGrants(guild, member));
        world.AssertDiscordSawNoMistakes(submissions.SelectMany(world.RequestsOf));
    }

    [Fact]
    public async Task SameSubmissionDeliveredTwice_GrantsTheRoleOnce_AndAnswersOnce()
    {
        var (guild, admin, member, role) = (FeatureWorld.NewId(), FeatureWorld.NewId(), FeatureWorld.NewId(), FeatureWorld.NewId());
        await SetVerifiedRoleAsync(guild, admin, role);
        var (_, challenge, _) = await StartVerificationAsync(guild, member);
        var key = EthECKey.GenerateKey();
        var submit = Submission(guild, member, ModalIdFor(challenge), key.GetPublicAddress(), new EthereumMessageSigner().EncodeUTF8AndSign(challenge, key)).Fresh();

        await world.PublishAsIsAsync(submit);
        await world.PublishAsIsAsync(submit);

        Assert.True(await Eventually.TrueAsync(() => world.OutcomesOf(submit.EventId).Count(o => o is "handled" or "already-done") == 2),
            "Outcomes: " + string.Join(", ", world.OutcomesOf(submit.EventId)));
        var requests = world.RequestsOf(submit);
        Assert.Single(requests, r => r.Route == SimulatedRoutes.Callback);
        Assert.Single(requests, r => r.Route == SimulatedRoutes.EditOriginal);
        Assert.Single(RoleGrants(guild, member));
        world.AssertDiscordSawNoMistakes([.. requests, .. RoleGrants(guild, member)]);
    }

    [Fact]
    public async Task DiscordKeepsFailingTheRoleGrant_TheSubmissionIsRetriedLater_WithoutASecondDeferral()
    {
        var (guild, admin, member, role) = (FeatureWorld.NewId(), FeatureWorld.NewId(), FeatureWorld.NewId(), FeatureWorld.NewId());
        await SetVerifiedRoleAsync(guild, admin, role);
        var (_, challenge, _) = await StartVerificationAsync(guild, member);
        var key = EthECKey.GenerateKey();

        // More 502s than the REST client retries on its own: the message itself must be retried.
        var outage = new SimulatorFault
        {
            Matches = r => r.Route == SimulatedRoutes.AddRole && r.Values.GetValueOrDefault("user_id") == member,
            Status = 502,
            Body = SimulatorFault.ErrorBody(0, "Bad Gateway"),
            Times = 100,
        };
        world.Simulator.Inject(outage);
        var submit = Submission(guild, member, ModalIdFor(challenge), key.GetPublicAddress(), new EthereumMessageSigner().EncodeUTF8AndSign(challenge, key));
        await world.PublishAsync(submit);
        Assert.True(await Eventually.TrueAsync(() => world.OutcomesOf(submit.EventId).Contains("retrying")), "The submission was not retried.");
        outage.Times = 0; // Discord is back

        var requests = await world.WaitForAsync(submit, rs => rs.Any(r => r.Route == SimulatedRoutes.EditOriginal && Content(r).Contains("Verified", StringComparison.Ordinal)), "the retried submission says verified");

        Assert.Equal(204, RoleGrants(guild, member)[^1].Status);
        Assert.Single(requests, r => r.Route == SimulatedRoutes.Callback);
        // The failed attempt put an error in place of "thinking…" (ADR 0032); the retry's answer replaces it, last.
        Assert.Contains("Verified", Content(requests.Last(r => r.Route == SimulatedRoutes.EditOriginal)), StringComparison.Ordinal);
        world.AssertDiscordSawNoMistakes(requests);
    }

    [Fact]
    public async Task WorkerLosesItsBrokerConnectionMidSubmission_TheRedeliveryFinishesTheVerification()
    {
        var (guild, admin, member, role) = (FeatureWorld.NewId(), FeatureWorld.NewId(), FeatureWorld.NewId(), FeatureWorld.NewId());
        await SetVerifiedRoleAsync(guild, admin, role);
        var (_, challenge, _) = await StartVerificationAsync(guild, member);
        var key = EthECKey.GenerateKey();

        // Slow 502s for the first grant and the REST client's own retries: the submission is past Discord's
        // 3 seconds, deferred, and still running when the broker connection goes.
        world.Simulator.Inject(new SimulatorFault
        {
            Matches = r => r.Route == SimulatedRoutes.AddRole && r.Values.GetValueOrDefault("user_id") == member,
            Status = 502,
            Body = SimulatorFault.ErrorBody(0, "Bad Gateway"),
            Delay = TimeSpan.FromSeconds(1),
            Times = 4,
        });
        var submit = Submission(guild, member, ModalIdFor(challenge), key.GetPublicAddress(), new EthereumMessageSigner().EncodeUTF8AndSign(challenge, key));
        await world.PublishAsync(submit);
        Assert.True(await Eventually.TrueAsync(() => RoleGrants(guild, member).Count > 0), "The role grant never reached Discord.");
        // The management API lists a new connection only after its first statistics tick.
        Assert.True(await Eventually.TrueAsync(async () => await world.Broker.Management.CloseConnectionsAsync(world.Broker.Vhost) > 0, TimeSpan.FromSeconds(10)),
            "No connection of the worker's to close.");

        // The broker hands the unsettled original (still "attempt 1") to the reconnected worker, past the deadline.
        var requests = await world.WaitForAsync(submit,
            rs => rs.Any(r => r.Route == SimulatedRoutes.EditOriginal && Content(r).Contains("Verified", StringComparison.Ordinal)),
            "the redelivered submission says verified");

        Assert.Equal(204, RoleGrants(guild, member)[^1].Status);
        Assert.Single(requests, r => r.Route == SimulatedRoutes.Callback);
        world.AssertDiscordSawNoMistakes(requests);
        Assert.True(await Eventually.TrueAsync(async () => (await world.Worker.HealthAsync()).Status == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, TimeSpan.FromSeconds(30)));
    }

    private async Task SetVerifiedRoleAsync(string guild, string admin, string role)
    {
        var setup = await world.PublishAsync(FeatureWorld.Command("setup", guild, admin,
            new JsonObject { ["verified-role"] = new JsonObject { ["role"] = role } }, "ManageGuild"));
        await world.WaitForAsync(setup, rs => rs.Any(r => r.Route == SimulatedRoutes.EditOriginal), "/setup edits its deferral");
    }

    /// <summary>/verify: an immediate, ephemeral reply (type 4) with the challenge in a code block and a <c>verify:</c> button.</summary>
    private async Task<(WireFixture Verify, string Challenge, string ButtonId)> StartVerificationAsync(string guild, string member)
    {
        var verify = await world.PublishAsync(FeatureWorld.Command("verify", guild, member, new JsonObject { ["chain"] = "berachain" }, "ViewChannel"));
        var reply = FeatureWorld.BodyOf(Assert.Single(await world.WaitForAsync(verify, rs => rs.Any(r => r.Route == SimulatedRoutes.Callback), "/verify replies")));
        Assert.Equal(4, reply["type"]!.GetValue<int>());
        Assert.Equal(64, reply["data"]!["flags"]!.GetValue<int>() & 64);
        var content = reply["data"]!["content"]!.GetValue<string>();
        var start = content.IndexOf("```\n", StringComparison.Ordinal) + 4;
        var end = content.IndexOf("\n```", start, StringComparison.Ordinal);
        Assert.True(start >= 4 && end > start, "The challenge is not in a code block: " + content);
        var buttonId = CustomIds(reply["data"]!["components"]).Single();
        Assert.StartsWith("verify:", buttonId, StringComparison.Ordinal);
        return (verify, content[start..end], buttonId);
    }

    /// <summary>Publishes a modal submission and returns what the edited deferral told the member.</summary>
    private async Task<string> SubmitAsync(WireFixture submit)
    {
        await world.PublishAsync(submit);
        var requests = await world.WaitForAsync(submit, rs => rs.Any(r => r.Route == SimulatedRoutes.EditOriginal), "the submission edits its deferral");
        AssertDeferredEphemeral(requests);
        return Content(requests.Single(r => r.Route == SimulatedRoutes.EditOriginal));
    }

    private static WireFixture Submission(string guild, string member, string modalId, string address, string signature)
    {
        var submit = FeatureWorld.Sample("interaction.modal", guild, member);
        submit.Body["data"]!["customId"] = modalId;
        submit.Body["data"]!["fields"] = new JsonObject { ["address"] = address, ["signature"] = signature };
        return submit;
    }

    // The modal carries the challenge's nonce as the button does; the handler reads the session, not the id.
    private static string ModalIdFor(string challenge) =>
        "verify:submit:" + challenge.Split('\n').Single(l => l.StartsWith("Nonce: ", StringComparison.Ordinal))["Nonce: ".Length..];

    private List<SimulatorRequest> RoleGrants(string guild, string member) =>
        [.. world.Simulator.Requests.Where(r => r.Route == SimulatedRoutes.AddRole && r.Values["guild_id"] == guild && r.Values["user_id"] == member)];

    private static void AssertDeferredEphemeral(IReadOnlyList<SimulatorRequest> requests)
    {
        var callback = FeatureWorld.BodyOf(Assert.Single(requests, r => r.Route == SimulatedRoutes.Callback));
        Assert.Equal(5, callback["type"]!.GetValue<int>());
        Assert.Equal(64, callback["data"]!["flags"]!.GetValue<int>() & 64);
        Assert.True(requests.Single(r => r.Route == SimulatedRoutes.Callback).Sequence < requests.Single(r => r.Route == SimulatedRoutes.EditOriginal).Sequence);
    }

    private static string Content(SimulatorRequest request) => FeatureWorld.BodyOf(request)["content"]!.GetValue<string>();

    private static IEnumerable<string> CustomIds(JsonNode? components) =>
        components is not JsonArray rows
            ? []
            : rows.OfType<JsonObject>().SelectMany(c =>
                (c["custom_id"]?.GetValue<string>() is { } id ? [id] : Array.Empty<string>()).Concat(CustomIds(c["components"])));
}
