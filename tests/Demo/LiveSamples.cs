using System.Text;
using System.Text.Json.Nodes;
using Arrakis.Testing;

namespace Arrakis.Demo;

/// <summary>
/// The ingestor's samples (tests/Testing/Fixtures/wire) made live: a fresh event id, the timestamp now, and for an
/// interaction an id minted from now (inside Discord's 3-second window) with a token of this run's own.
/// </summary>
internal static class LiveSamples
{
    /// <summary>The role <c>/setup auto-role</c> gives and member.join then adds (the admin sample's role).</summary>
    public const string AutoRole = "1187654321098765432";

    /// <summary><c>/setup auto-role role:&lt;AutoRole&gt;</c> by a member with Administrator, from the admin subcommand sample.</summary>
    public static DemoMessage SetupAutoRole()
    {
        var sample = WireFixture.Load("interaction.command.admin-subcommand").Fresh();
        sample.Body["eventType"] = "interaction.command.setup";
        sample.Body["data"]!["commandName"] = "setup";
        sample.Body["data"]!["options"] = new JsonObject { ["auto-role"] = new JsonObject { ["role"] = AutoRole } };
        return Interaction("/setup auto-role", "interaction.command.setup", sample);
    }

    public static DemoMessage Verify() =>
        Interaction("/verify", "interaction.command.verify", WireFixture.Load("interaction.command.verify").Fresh());

    public static DemoMessage MemberJoin()
    {
        var sample = WireFixture.Load("member.join").Fresh();
        return new DemoMessage("member.join", sample.RoutingKey, sample.Properties, sample.BodyBytes, sample.EventId);
    }

    /// <summary>The same message again, as a redelivery or a re-publish with the same event id would bring it.</summary>
    public static DemoMessage DuplicateOf(DemoMessage message) => message with { Label = message.Label + " (duplicate)" };

    /// <summary>A member.join whose body stops half-way: not JSON, so it can never succeed.</summary>
    public static DemoMessage Malformed()
    {
        var sample = WireFixture.Load("member.join").Fresh();
        var body = Encoding.UTF8.GetBytes($$"""{"eventId":"{{sample.EventId}}","eventType":"member.join","data":{"userId":""");
        return new DemoMessage("malformed member.join", sample.RoutingKey, sample.Properties, body, sample.EventId);
    }

    private static DemoMessage Interaction(string label, string routingKey, WireFixture sample)
    {
        var token = "demo-" + Guid.NewGuid().ToString("N");
        sample.Body["interactionToken"] = token;
        return new DemoMessage(label, routingKey, sample.Properties, sample.BodyBytes, sample.EventId)
        {
            InteractionId = sample.Body["interactionId"]!.GetValue<string>(),
            InteractionToken = token,
        };
    }
}
