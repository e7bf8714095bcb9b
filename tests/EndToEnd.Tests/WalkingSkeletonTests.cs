using Arrakis.Testing;

namespace Arrakis.EndToEnd.Tests;

/// <summary>One member.join, published as the ingestor does, through the real layers to its handler.</summary>
public sealed class WalkingSkeletonTests(IsolatedBroker broker, IsolatedRedis redis)
    : IClassFixture<IsolatedBroker>, IClassFixture<IsolatedRedis>
{
    [Fact]
    public async Task MemberJoin_OnAnEmptyBroker_IsHandledAcknowledgedAndNotDeadLettered()
    {
        var worker = await WorkerUnderTest.StartAsync(WorkerUnderTest.Settings(broker, redis));
        var sample = WireFixture.Load("member.join").Fresh();
        try
        {
            await IngestorPublisher.PublishAsync(broker.Connection, sample);

            var handled = await Eventually.TrueAsync(() => worker.Logs.GetSnapshot().Any(r =>
                r.Category == "Arrakis.Application.Members.MemberJoinedHandler" && r.Message.Contains(sample.EventId, StringComparison.Ordinal)));
            Assert.True(handled, "The member.join handler did not run.");
        }
        finally
        {
            // Stopping closes the channel: anything left unacknowledged would return to the queue and be counted below.
            await worker.DisposeAsync();
        }

        Assert.Equal(0u, await broker.MessageCountAsync("arrakis.events.guild"));
        Assert.Equal(0u, await broker.MessageCountAsync("arrakis.dlq"));
    }
}

/// <summary>A body that is not JSON goes to the dead-letter queue with its reason, and nothing else happens.</summary>
public sealed class DeadLetterTests(IsolatedBroker broker, IsolatedRedis redis)
    : IClassFixture<IsolatedBroker>, IClassFixture<IsolatedRedis>
{
    [Fact]
    public async Task MalformedBody_IsDeadLetteredWithItsReason()
    {
        var worker = await WorkerUnderTest.StartAsync(WorkerUnderTest.Settings(broker, redis));
        var sample = WireFixture.Load("member.join").Fresh();
        try
        {
            await using var channel = await broker.Connection.CreateChannelAsync();
            await IngestorPublisher.PublishAsync(channel, "member.join", sample.Properties, "{\"eventId\": not json"u8.ToArray());

            Assert.True(await Eventually.TrueAsync(async () => await broker.MessageCountAsync("arrakis.dlq") == 1));
        }
        finally
        {
            await worker.DisposeAsync();
        }

        var dead = await broker.GetAsync("arrakis.dlq");
        Assert.NotNull(dead);
        var headers = dead.BasicProperties.Headers!;
        Assert.Equal("not-json", System.Text.Encoding.UTF8.GetString((byte[])headers["x-arrakis-reason"]!));
        Assert.Equal("arrakis.events.guild", System.Text.Encoding.UTF8.GetString((byte[])headers["x-arrakis-original-queue"]!));
        Assert.Equal(sample.EventId, dead.BasicProperties.MessageId);
        Assert.Equal(0u, await broker.MessageCountAsync("arrakis.events.guild"));
    }
}
