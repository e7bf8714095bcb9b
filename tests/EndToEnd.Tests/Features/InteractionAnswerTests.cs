using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Arrakis.DiscordSimulator;

namespace Arrakis.EndToEnd.Tests.Features;

/// <summary>Interactions that are answered at once: refusals, unknown commands, the cooldown, autocomplete, /ping.</summary>
[Collection(FeatureWorld.Collection)]
public sealed partial class InteractionAnswerTests(FeatureWorld world) : IClassFixture<FeatureWorld>
{
    private const string NotAvailable = "This command is not available.";

    [Fact]
    public async Task Setup_ByAMemberWithoutManageGuildOrAdministrator_IsRefusedAndChangesNothing()
    {
        var guild = FeatureWorld.NewId();
        var setup = await world.PublishAsync(FeatureWorld.Command("setup", guild, FeatureWorld.NewId(),
            new JsonObject { ["verified-role"] = new JsonObject { ["role"] = FeatureWorld.NewId() } }, "ViewChannel", "ManageRoles"));

        var requests = await world.SettledRequestsAsync(setup);
        var deferral = FeatureWorld.BodyOf(Assert.Single(requests, r => r.Route == SimulatedRoutes.Callback));
        Assert.Equal(5, deferral["type"]!.GetValue<int>());
        var edit = FeatureWorld.BodyOf(Assert.Single(requests, r => r.Route == SimulatedRoutes.EditOriginal));
        Assert.Contains("Manage Server or Administrator", edit["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(await world.Redis.Database.KeyExistsAsync($"{world.Redis.KeyPrefix}guild:{guild}:settings"));
        world.AssertDiscordSawNoMistakes(requests);
    }

    [Fact]
    public async Task Setup_WithARoleThatIsNotASnowflake_IsToldWhatIsWrongAtOnce()
    {
        var guild = FeatureWorld.NewId();
        var setup = await world.PublishAsync(FeatureWorld.Command("setup", guild, FeatureWorld.NewId(),
            new JsonObject { ["verified-role"] = new JsonObject { ["role"] = "sietch" } }, "Administrator"));

        var answer = AssertEphemeralReply(await world.SettledRequestsAsync(setup));
        Assert.Equal("That is not a role.", answer);
        Assert.Equal(["handled"], world.OutcomesOf(setup.EventId));
        Assert.False(await world.Redis.Database.KeyExistsAsync($"{world.Redis.KeyPrefix}guild:{guild}:settings"));
        world.AssertDiscordSawNoMistakes(world.RequestsOf(setup));
    }

    [Theory]
    [InlineData("command")]
    [InlineData("button")]
    [InlineData("modal")]
    public async Task AnInteractionNoFeatureHandles_IsToldTheCommandIsNotAvailable(string kind)
    {
        var (guild, user) = (FeatureWorld.NewId(), FeatureWorld.NewId());
        var interaction = kind switch
        {
            "command" => FeatureWorld.Command("sandstorm", guild, user),
            "button" => FeatureWorld.Sample("interaction.button", guild, user),
            _ => FeatureWorld.Sample("interaction.modal", guild, user),
        };
        if (kind != "command")
        {
            interaction.Body["data"]!["customId"] = "sandstorm:" + FeatureWorld.NewId();
        }

        await world.PublishAsync(interaction);

        var answer = AssertEphemeralReply(await world.SettledRequestsAsync(interaction));
        Assert.Equal(NotAvailable, answer);
        world.AssertDiscordSawNoMistakes(world.RequestsOf(interaction));
    }

    [Fact]
    public async Task SecondVerify_WithinThirtySeconds_IsToldAtOnceHowLongToWait()
    {
        var (guild, user) = (FeatureWorld.NewId(), FeatureWorld.NewId());
        var first = await world.PublishAsync(FeatureWorld.Command("verify", guild, user));
        Assert.Contains("```", AssertEphemeralReply(await world.SettledRequestsAsync(first)), StringComparison.Ordinal);

        var second = await world.PublishAsync(FeatureWorld.Command("verify", guild, user));
        var answer = AssertEphemeralReply(await world.SettledRequestsAsync(second));

        var wait = CooldownAnswer().Match(answer);
        Assert.True(wait.Success, "Not a cooldown answer: " + answer);
        Assert.InRange(int.Parse(wait.Groups["seconds"].Value, CultureInfo.InvariantCulture), 1, 30);
        world.AssertDiscordSawNoMistakes([.. world.RequestsOf(first), .. world.RequestsOf(second)]);
    }

    [Fact]
    public async Task Autocomplete_WithoutCommandName_GetsEveryChain()
    {
        var autocomplete = await world.PublishAsync(FeatureWorld.Sample("interaction.autocomplete", FeatureWorld.NewId(), FeatureWorld.NewId()));

        var callback = FeatureWorld.BodyOf(Assert.Single(await world.SettledRequestsAsync(autocomplete)));
        Assert.Equal(8, callback["type"]!.GetValue<int>());
        var choices = callback["data"]!["choices"]!.AsArray().Select(c => c!["value"]!.GetValue<string>());
        Assert.Equal(["arbitrum", "base", "berachain", "ethereum", "optimism", "polygon"], choices.Order(StringComparer.Ordinal));
        world.AssertDiscordSawNoMistakes(world.RequestsOf(autocomplete));
    }

    [Fact]
    public async Task Ping_IsAnsweredWithPong()
    {
        var ping = await world.PublishAsync(FeatureWorld.Command("ping", FeatureWorld.NewId(), FeatureWorld.NewId()));

        var answer = AssertEphemeralReply(await world.SettledRequestsAsync(ping));
        Assert.StartsWith("Pong!", answer, StringComparison.Ordinal);
        Assert.Equal("handled", await world.WaitForOutcomeAsync(ping));
        world.AssertDiscordSawNoMistakes(world.RequestsOf(ping));
    }

    /// <summary>The interaction's only request is an immediate (type 4) ephemeral reply; returns its text.</summary>
    private static string AssertEphemeralReply(IReadOnlyList<SimulatorRequest> requests)
    {
        var callback = Assert.Single(requests);
        Assert.Equal(SimulatedRoutes.Callback, callback.Route);
        Assert.Equal(204, callback.Status);
        var body = FeatureWorld.BodyOf(callback);
        Assert.Equal(4, body["type"]!.GetValue<int>());
        Assert.Equal(64, body["data"]!["flags"]!.GetValue<int>() & 64);
        return body["data"]!["content"]!.GetValue<string>();
    }

    [GeneratedRegex(@"cooldown\. Try again in (?<seconds>\d+) s\.")]
    private static partial Regex CooldownAnswer();
}
