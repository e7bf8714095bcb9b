using System.Text.Json;
using System.Text.Json.Nodes;

namespace Arrakis.Testing;

/// <summary>One sample message of the ingestor's (shared/fixtures/wire): routing key, AMQP properties, body.</summary>
public sealed class WireFixture
{
    private WireFixture(string name, JsonObject document)
    {
        Name = name;
        RoutingKey = document["routingKey"]!.GetValue<string>();
        Properties = document["properties"]!.AsObject();
        Body = document["body"]!.AsObject();
    }

    public string Name { get; }

    public string RoutingKey { get; }

    public JsonObject Properties { get; }

    public JsonObject Body { get; }

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Fixtures", "wire");

    public static IReadOnlyList<string> Names =>
        System.IO.Directory.GetFiles(Directory, "*.json").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal).ToList();

    /// <summary>A fresh copy of a sample; change it freely.</summary>
    public static WireFixture Load(string name) =>
        new(name, JsonNode.Parse(File.ReadAllText(Path.Combine(Directory, name + ".json")))!.AsObject());

    /// <summary>
    /// Makes an interaction sample live: a new event id, the timestamp now, and an interaction id minted from
    /// now, so that it is inside Discord's 3-second window when the worker takes it.
    /// </summary>
    public WireFixture Fresh(DateTimeOffset? now = null)
    {
        var at = now ?? DateTimeOffset.UtcNow;
        var eventId = Guid.NewGuid().ToString();
        Body["eventId"] = eventId;
        Properties["message_id"] = eventId;
        Body["timestamp"] = at.ToUnixTimeMilliseconds();
        Properties["timestamp"] = at.ToUnixTimeMilliseconds();
        if (Body.ContainsKey("interactionId"))
        {
            var id = ((ulong)(at.ToUnixTimeMilliseconds() - 1420070400000) << 22) | (uint)Random.Shared.Next(0, 0x3FFFFF);
            Body["interactionId"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return this;
    }

    public string EventId => Body["eventId"]!.GetValue<string>();

    public byte[] BodyBytes => JsonSerializer.SerializeToUtf8Bytes(Body);
}
