using System.Text.Json;
using System.Text.Json.Nodes;

namespace Arrakis.Testing.Hostile;

/// <summary>
/// One bad message of the hostile corpus: its category, the routing key and AMQP properties it is published with,
/// and either a JSON body (still a document, so a live interaction can be stamped fresh) or raw bytes.
/// </summary>
public sealed class HostileMessage
{
    internal HostileMessage(string category, string routingKey, JsonObject properties, JsonObject? document, byte[]? raw, bool live)
    {
        Category = category;
        RoutingKey = routingKey;
        Properties = properties;
        Document = document;
        Raw = raw;
        Live = live;
    }

    public string Category { get; }

    public string RoutingKey { get; }

    /// <summary>The AMQP properties; <c>message_id</c> is unique in the corpus, so a dead-lettered copy can be matched.</summary>
    public JsonObject Properties { get; }

    public JsonObject? Document { get; }

    public byte[]? Raw { get; }

    /// <summary>An interaction to stamp fresh (inside Discord's window) right before it is published.</summary>
    public bool Live { get; }

    /// <summary>An interaction whose only fault is an unknown command or customId: the worker answers it as unavailable.</summary>
    public bool ExpectsUnavailable { get; internal init; }

    public string MessageId => Properties["message_id"]!.GetValue<string>();

    /// <summary>The body's event id when it has a string one (raw bodies were made with the message id as event id).</summary>
    public string? EventId => Document is null ? MessageId : Document["eventId"] is JsonValue v && v.TryGetValue<string>(out var id) ? id : null;

    /// <summary>The interaction token, when the body carries a string one.</summary>
    public string? Token => Document?["interactionToken"] is JsonValue v && v.TryGetValue<string>(out var token) ? token : null;

    /// <summary>Sets the timestamps and a fresh interaction id, keeping the event id: a live interaction is then inside the window.</summary>
    public void Stamp(DateTimeOffset now)
    {
        if (!Live || Document is null)
        {
            return;
        }

        var ms = now.ToUnixTimeMilliseconds();
        Document["timestamp"] = ms;
        Properties["timestamp"] = ms;
        var id = ((ulong)(ms - 1420070400000) << 22) | (uint)Random.Shared.Next(0, 0x3FFFFF);
        Document["interactionId"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public byte[] Body() => Raw ?? JsonSerializer.SerializeToUtf8Bytes(Document);
}
