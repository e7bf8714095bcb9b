using System.Diagnostics;
using Arrakis.Testing;
using RabbitMQ.Client;

namespace Arrakis.EndToEnd.Tests.Telemetry;

/// <summary>Publishes a sample as the ingestor does, plus a W3C traceparent header as a traced ingestor would add.</summary>
internal static class TracedPublisher
{
    public static async Task<ActivityContext> PublishAsync(IConnection connection, WireFixture sample, byte[]? body = null, string? routingKey = null)
    {
        var parent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var headers = sample.Properties["headers"]!.AsObject();
        var properties = new BasicProperties
        {
            ContentType = "application/json",
            DeliveryMode = DeliveryModes.Persistent,
            MessageId = sample.Properties["message_id"]?.GetValue<string>(),
            Timestamp = new AmqpTimestamp(sample.Properties["timestamp"]!.GetValue<long>()),
            Priority = (byte)sample.Properties["priority"]!.GetValue<int>(),
            Headers = new Dictionary<string, object?>
            {
                ["shardId"] = headers["shardId"]!.GetValue<int>(),
                ["guildId"] = headers["guildId"]!.GetValue<string>(),
                ["traceparent"] = $"00-{parent.TraceId.ToHexString()}-{parent.SpanId.ToHexString()}-01",
            },
        };
        await channel.BasicPublishAsync("arrakis.events", routingKey ?? sample.RoutingKey, mandatory: false, properties, body ?? sample.BodyBytes);
        return parent;
    }
}
