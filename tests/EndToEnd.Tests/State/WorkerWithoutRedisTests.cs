using System.Text;
using Arrakis.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Arrakis.EndToEnd.Tests.State;

/// <summary>
/// The worker, on a Redis of its own that the test stops and restarts (docs/adr/0030): it stays up while Redis is
/// down, does not acknowledge an event it could not deduplicate as if handled, and recovers by itself.
/// </summary>
public sealed class WorkerWithoutRedisTests(IsolatedBroker broker, PrivateRedis redis)
    : IClassFixture<IsolatedBroker>, IClassFixture<PrivateRedis>
{
    private const string HandlerCategory = "Arrakis.Application.Members.MemberJoinedHandler";

    [Fact]
    public async Task RedisStopsAndComesBack_TheWorkerStaysUp_LosesNothing_AndRecoversByItself()
    {
        var settings = WorkerUnderTest.Settings(broker, new IsolatedRedis());
        settings["REDIS_URL"] = redis.Url;
        settings["REDIS_KEY_PREFIX"] = "test:" + Guid.NewGuid().ToString("N")[..12] + ":";
        // Retries come back quickly enough for the test, and outlast the outage.
        settings["RETRY_DELAYS_MS"] = "500,1000,2000,4000,8000,16000";
        var worker = await WorkerUnderTest.StartAsync(settings);
        var duringOutage = WireFixture.Load("member.join").Fresh();
        var afterwards = WireFixture.Load("member.join").Fresh();
        try
        {
            await redis.StopAsync();
            Assert.True(await Eventually.TrueAsync(async () => (await worker.HealthAsync()).Entries["redis"].Status == HealthStatus.Unhealthy));
            await IngestorPublisher.PublishAsync(broker.Connection, duringOutage);

            // Settled for a retry by the queue adapter, never run and acknowledged.
            Assert.True(await Eventually.TrueAsync(() => Outcome(worker, duringOutage.EventId) is not null, TimeSpan.FromSeconds(30)));
            Assert.Contains("state-unavailable", Outcome(worker, duringOutage.EventId), StringComparison.Ordinal);
            Assert.False(Handled(worker, duringOutage.EventId));

            await redis.StartAsync();
            Assert.True(
                await Eventually.TrueAsync(async () => (await worker.HealthAsync()).Status == HealthStatus.Healthy, TimeSpan.FromSeconds(30)),
                "The worker did not recover by itself once Redis was back.");
            await IngestorPublisher.PublishAsync(broker.Connection, afterwards);
            Assert.True(await Eventually.TrueAsync(() => Handled(worker, afterwards.EventId)), "The worker handled nothing after Redis came back.");

            // Nothing lost: the event from the outage is retried and handled once Redis is back, and never dead-lettered.
            Assert.True(await Eventually.TrueAsync(() => Handled(worker, duringOutage.EventId), TimeSpan.FromSeconds(40)), "The event from the outage was not handled after Redis came back.");
            Assert.False(await DeadLetteredAsync(duringOutage.EventId));
        }
        finally
        {
            await worker.DisposeAsync();
        }
    }

    private static bool Handled(WorkerUnderTest worker, string eventId) =>
        worker.Logs.GetSnapshot().Any(r => r.Category == HandlerCategory && r.Message.Contains(eventId, StringComparison.Ordinal));

    private static string? Outcome(WorkerUnderTest worker, string eventId) =>
        worker.Logs.GetSnapshot()
            .Where(r => r.Category == "Arrakis.Infrastructure.Messaging.MessageProcessor" && r.Message.Contains(eventId, StringComparison.Ordinal))
            .Select(r => r.Message)
            .FirstOrDefault();

    private async Task<bool> DeadLetteredAsync(string eventId)
    {
        var dead = await broker.GetAsync("arrakis.dlq");
        return dead is not null
            && dead.BasicProperties.MessageId == eventId
            && Encoding.UTF8.GetString((byte[])dead.BasicProperties.Headers!["x-arrakis-reason"]!) == "state-unavailable";
    }
}
