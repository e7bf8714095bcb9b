using System.Text.Json.Nodes;
using RabbitMQ.Client;

namespace Arrakis.Testing;

/// <summary>Publishes as the gateway ingestor does (CONTRACT.md, "AMQP properties the ingestor sets").</summary>
public static class IngestorPublisher
{
    public static async Task PublishAsync(IConnection connection, WireFixture fixture, string exchange = "arrakis.events")
    {
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        await PublishAsync(channel, fixture.RoutingKey, fixture.Properties, fixture.BodyBytes, exchange);
    }

    /// <summary>Publishes any body with the properties of a sample: for malformed and hostile messages.</summary>
    public static async Task PublishAsync(IChannel channel, string routingKey, JsonObject sampleProperties, ReadOnlyMemory<byte> body, string exchange = "arrakis.events")
    {
        var headers = sampleProperties["headers"]!.AsObject();
        var properties = new BasicProperties
        {
            ContentType = "application/json",
            DeliveryMode = DeliveryModes.Persistent,
            MessageId = sampleProperties["message_id"]?.GetValue<string>(),
            // The ingestor sends milliseconds here, not the AMQP convention of seconds.
            Timestamp = new AmqpTimestamp(sampleProperties["timestamp"]!.GetValue<long>()),
            Priority = (byte)sampleProperties["priority"]!.GetValue<int>(),
            Headers = new Dictionary<string, object?>
            {
                ["shardId"] = headers["shardId"]!.GetValue<int>(),
                ["guildId"] = headers["guildId"]!.GetValue<string>(),
            },
        };
        await channel.BasicPublishAsync(exchange, routingKey, mandatory: false, properties, body);
    }
}
