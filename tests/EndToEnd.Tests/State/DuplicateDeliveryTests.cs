using Arrakis.Testing;
using Microsoft.Extensions.Logging.Testing;
using RabbitMQ.Client;

namespace Arrakis.EndToEnd.Tests.State;

/// <summary>The ingestor's at-least-once delivery, through the real consumer, the real pipeline and the real Redis.</summary>
public sealed class DuplicateDeliveryTests(IsolatedBroker broker, IsolatedRedis redis)
    : IClassFixture<IsolatedBroker>, IClassFixture<IsolatedRedis>
{
    private const string HandlerCategory = "Arrakis.Application.Members.MemberJoinedHandler";
    private const int Events = 1000;

    [Fact]
    public async Task ThousandEvents_EachDeliveredTwiceBackToBack_RunTheirHandlerExactlyOnceEach()
    {
        var worker = await WorkerUnderTest.StartAsync(WorkerUnderTest.Settings(broker, redis));
        var logs = worker.Logs;
        var eventIds = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            await using var channel = await broker.Connection.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
            for (var i = 0; i < Events; i++)
            {
                var sample = WireFixture.Load("member.join").Fresh();
                eventIds.Add(sample.EventId);
                var body = sample.BodyBytes;
                await IngestorPublisher.PublishAsync(channel, sample.RoutingKey, sample.Properties, body);
                await IngestorPublisher.PublishAsync(channel, sample.RoutingKey, sample.Properties, body);
            }

            Assert.True(
                await Eventually.TrueAsync(async () => HandledEventIds(logs).Count >= Events && await broker.MessageCountAsync("arrakis.events.guild") == 0, TimeSpan.FromSeconds(120)),
                $"Only {HandledEventIds(logs).Count} of {Events} events were handled.");
        }
        finally
        {
            // Stopping lets in-flight deliveries finish; a second run of any handler would show in the count below.
            await worker.DisposeAsync();
        }

        var handled = HandledEventIds(logs);
        Assert.Equal(Events, handled.Count);
        Assert.Equal(Events, handled.Distinct(StringComparer.Ordinal).Count());
        Assert.Subset(eventIds, handled.ToHashSet(StringComparer.Ordinal));

        // For the record: how the second copies were settled (done before they came, or still in progress).
        var snapshot = logs.GetSnapshot();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"duplicates acknowledged as done: {snapshot.Count(r => r.Message.Contains("was already handled", StringComparison.Ordinal))}, " +
            $"retried as in progress: {snapshot.Count(r => r.Message.Contains("is being handled elsewhere", StringComparison.Ordinal))}");
    }

    // The handler logs "Member {UserId} joined guild {GuildId} (event {EventId})" once per run.
    private static List<string> HandledEventIds(FakeLogCollector logs) =>
        [.. logs.GetSnapshot()
            .Where(r => r.Category == HandlerCategory)
            .Select(r => r.StructuredState?.FirstOrDefault(p => p.Key == "EventId").Value ?? "")];
}
