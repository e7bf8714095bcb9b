using Arrakis.Infrastructure.Messaging;
using Arrakis.Testing;
using RabbitMQ.Client;
using static Arrakis.Infrastructure.Tests.Messaging.BrokerAssertions;

namespace Arrakis.Infrastructure.Tests.Messaging;

/// <summary>Interactions Discord would refuse to hear about are acknowledged and counted, not handled.</summary>
public sealed class StaleInteractionTests(IsolatedBroker broker) : IClassFixture<IsolatedBroker>, IAsyncLifetime
{
    private readonly ScriptedDispatcher _dispatcher = new();
    private MessagingHarness? _harness;

    public async ValueTask InitializeAsync() => _harness = await MessagingHarness.StartAsync(MessagingHarness.Settings(broker), _dispatcher);

    public async ValueTask DisposeAsync() => await _harness!.DisposeAsync();

    [Fact]
    public async Task FirstDelivery_PastTheThreeSecondWindow_IsAcknowledgedAndCountedWithoutHandling()
    {
        var stale = await PublishInteractionAsync(createdAgo: TimeSpan.FromSeconds(5), attempt: null);
        var fresh = await PublishInteractionAsync(createdAgo: TimeSpan.Zero, attempt: null);

        Assert.True(await Eventually.TrueAsync(() => _dispatcher.Completed.ContainsKey(fresh)), "The fresh interaction was not handled.");
        Assert.True(await Eventually.TrueAsync(() => _harness!.Expired.GetMeasurementSnapshot().Any(m => Equals(m.Tags["window"], "initial-response"))), "The drop was not counted.");
        Assert.Equal(0, _dispatcher.CallsFor(stale));
        Assert.True(_harness!.Logged("past Discord's initial-response window"));
        await AssertEmptyAsync();
    }

    [Fact]
    public async Task Retry_PastTheThreeSecondWindow_IsStillHandled_WithItsAttempt()
    {
        var retried = await PublishInteractionAsync(createdAgo: TimeSpan.FromSeconds(10), attempt: 2);

        Assert.True(await Eventually.TrueAsync(() => _dispatcher.Completed.ContainsKey(retried)), "The retry was not handled.");
        Assert.Equal(2, Assert.Single(_dispatcher.Calls, c => c.EventId == retried).Attempt);
        await AssertEmptyAsync();
    }

    [Fact]
    public async Task AnyDelivery_PastFifteenMinutes_IsAcknowledgedAndCountedWithoutHandling()
    {
        var expired = await PublishInteractionAsync(createdAgo: TimeSpan.FromMinutes(16), attempt: 3);
        var fresh = await PublishInteractionAsync(createdAgo: TimeSpan.Zero, attempt: null);

        Assert.True(await Eventually.TrueAsync(() => _dispatcher.Completed.ContainsKey(fresh)));
        Assert.True(await Eventually.TrueAsync(() => _harness!.Expired.GetMeasurementSnapshot().Any(m => Equals(m.Tags["window"], "token"))), "The drop was not counted.");
        Assert.Equal(0, _dispatcher.CallsFor(expired));
        await AssertEmptyAsync();
    }

    private async Task<string> PublishInteractionAsync(TimeSpan createdAgo, int? attempt)
    {
        var sample = WireFixture.Load("interaction.command.verify").Fresh(DateTimeOffset.UtcNow - createdAgo);
        var headers = sample.Properties["headers"]!.AsObject();
        await using var channel = await broker.Connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var properties = new BasicProperties
        {
            ContentType = "application/json",
            DeliveryMode = DeliveryModes.Persistent,
            MessageId = sample.EventId,
            Priority = 10,
            Headers = new Dictionary<string, object?> { ["shardId"] = headers["shardId"]!.GetValue<int>(), ["guildId"] = headers["guildId"]!.GetValue<string>() },
        };
        if (attempt is { } n)
        {
            // As a retry copy arrives back from its delay queue.
            properties.Headers[RetryQueues.AttemptHeader] = n;
        }

        await channel.BasicPublishAsync("arrakis.events", sample.RoutingKey, mandatory: true, properties, sample.BodyBytes);
        return sample.EventId;
    }

    private async Task AssertEmptyAsync()
    {
        Assert.True(await Eventually.TrueAsync(async () =>
            (await broker.Management.GetQueueAsync(broker.Vhost, Interactions))?["messages"]?.GetValue<long>() == 0, TimeSpan.FromSeconds(10)));
        Assert.Equal(0u, await broker.MessageCountAsync(DeadLetters));
    }
}
