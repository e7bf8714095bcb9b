using System.Text;
using Arrakis.Testing;
using RabbitMQ.Client;

namespace Arrakis.Infrastructure.Tests.Messaging;

internal static class BrokerAssertions
{
    public const string Events = "arrakis.events.guild";
    public const string Interactions = "arrakis.interactions";
    public const string DeadLetters = "arrakis.dlq";

    /// <summary>A header the broker returns as bytes (AMQP long strings), read as text.</summary>
    public static string? Text(this IReadOnlyBasicProperties properties, string header) =>
        properties.Headers is { } headers && headers.TryGetValue(header, out var value)
            ? value switch { byte[] bytes => Encoding.UTF8.GetString(bytes), null => null, var other => Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture) }
            : null;

    /// <summary>Publishes a sample (fresh ids) as the ingestor does, with confirms; returns it.</summary>
    public static async Task<WireFixture> PublishAsync(this IsolatedBroker broker, string sample, Action<WireFixture>? change = null)
    {
        var fixture = WireFixture.Load(sample).Fresh();
        change?.Invoke(fixture);
        await IngestorPublisher.PublishAsync(broker.Connection, fixture);
        return fixture;
    }

    /// <summary>Publishes many copies of a sample, each with fresh ids, on one channel with confirms; returns their event ids.</summary>
    public static async Task<List<string>> PublishManyAsync(this IConnection connection, string sample, int count)
    {
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var ids = new List<string>(count);
        var pending = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            var fixture = WireFixture.Load(sample).Fresh();
            ids.Add(fixture.EventId);
            pending.Add(IngestorPublisher.PublishAsync(channel, fixture.RoutingKey, fixture.Properties, fixture.BodyBytes));
        }

        await Task.WhenAll(pending);
        return ids;
    }

    /// <summary>Publishes any body on a routing key with a sample's properties, with confirms.</summary>
    public static async Task PublishRawAsync(this IsolatedBroker broker, string routingKey, byte[] body, string sample = "member.join")
    {
        await using var channel = await broker.Connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        await IngestorPublisher.PublishAsync(channel, routingKey, WireFixture.Load(sample).Fresh().Properties, body);
    }

    public static async Task<List<BasicGetResult>> DrainAsync(this IsolatedBroker broker, string queue)
    {
        var messages = new List<BasicGetResult>();
        while (await broker.GetAsync(queue) is { } message)
        {
            messages.Add(message);
        }

        return messages;
    }
}
