using System.Diagnostics;
using System.Globalization;
using System.Text;
using Arrakis.DiscordSimulator;
using Arrakis.EndToEnd.Tests.Features;
using Arrakis.Testing;
using Arrakis.Testing.Hostile;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client;

namespace Arrakis.EndToEnd.Tests.Hostile;

/// <summary>
/// Issue 8, "Hostile input": the corpus (<see cref="HostileCorpus"/>) interleaved with valid messages through the
/// real worker, broker, Redis and Discord simulator. Figures are in docs/reliability.md, "Hostile input".
/// </summary>
[Collection(FeatureWorld.Collection)]
public sealed class HostileInputTests(HostileWorld world, ITestOutputHelper output) : IClassFixture<HostileWorld>
{
    private const string ProcessorCategory = "Arrakis.Infrastructure.Messaging.MessageProcessor";

    /// <summary>
    /// Managed heap growth allowed after a full GC. The test keeps the corpus (about 8 MB, mostly the huge bodies
    /// as strings) and the fake log collector keeps every log record of the run (a few thousand, with their
    /// structured state): 10 to 16 MB measured over a 13 MB baseline (docs/reliability.md). A worker that kept
    /// the bodies it took (1,480 deliveries, 2.6 MB of huge bodies alone, as JSON trees several times that) or
    /// grew per message beyond its idempotency set would cross four times the measured growth.
    /// </summary>
    private const long MemoryGrowthBound = 64L * 1024 * 1024;

    private const int ValidJoins = 300;
    private const int ValidPings = 20;

    [Fact]
    public async Task HostileCorpus_IsDeadLetteredOrAcknowledged_ValidMessagesAmongItAreAllHandled_AndNoUrlComesFromContent()
    {
        var corpus = HostileCorpus.Generate();
        Assert.True(corpus.Count >= 1000, $"The corpus has {corpus.Count} messages.");
        var baseline = ManagedMemoryAfterFullGc();
        var clock = Stopwatch.StartNew();

        var joins = new List<WireFixture>();
        var pings = new List<WireFixture>();
        await using (var channel = await world.Broker.Connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true)))
        {
            var validEvery = corpus.Count / ValidJoins;
            var pingEvery = corpus.Count / ValidPings;
            for (var i = 0; i < corpus.Count; i++)
            {
                var hostile = corpus[i];
                hostile.Stamp(DateTimeOffset.UtcNow);
                await IngestorPublisher.PublishAsync(channel, hostile.RoutingKey, hostile.Properties, hostile.Body());
                if (i % validEvery == 0 && joins.Count < ValidJoins)
                {
                    var join = FeatureWorld.Sample("member.join", FeatureWorld.NewId(), FeatureWorld.NewId()).Fresh();
                    joins.Add(join);
                    await IngestorPublisher.PublishAsync(channel, join.RoutingKey, join.Properties, join.BodyBytes);
                }

                if (i % pingEvery == 0 && pings.Count < ValidPings)
                {
                    var ping = FeatureWorld.Command("ping", FeatureWorld.NewId(), FeatureWorld.NewId()).Fresh();
                    pings.Add(ping);
                    await IngestorPublisher.PublishAsync(channel, ping.RoutingKey, ping.Properties, ping.BodyBytes);
                }
            }
        }

        var published = clock.Elapsed;

        // Every valid message handled, and both work queues (with their retry queues) empty, nothing unacknowledged.
        var drained = await Eventually.TrueAsync(
            async () => joins.All(j => Acknowledged().Contains(j.EventId)) && pings.All(p => world.RequestsOf(p).Count > 0) && await QueuesEmptyAsync(),
            TimeSpan.FromSeconds(45));
        var settled = clock.Elapsed;
        Assert.True(drained, $"Not drained: {joins.Count(j => !Acknowledged().Contains(j.EventId))} joins unhandled, "
            + $"{pings.Count(p => world.RequestsOf(p).Count == 0)} pings unanswered, queues empty: {await QueuesEmptyAsync()}.");
        Assert.All(joins, j => Assert.Equal("handled", world.OutcomesOf(j.EventId)[0]));
        Assert.All(pings, p => Assert.Contains(world.RequestsOf(p), r => r.Route == SimulatedRoutes.Callback && r.Status is >= 200 and < 300));

        // Every hostile message is in the DLQ with a reason, or was acknowledged as documented.
        var dead = await DrainDeadLettersAsync();
        var acknowledged = Acknowledged();
        var unaccounted = corpus.Where(h => !dead.ContainsKey(h.MessageId) && !(h.EventId is { } id && acknowledged.Contains(id))).ToList();
        Assert.True(unaccounted.Count == 0, "Neither dead-lettered nor acknowledged: "
            + string.Join("; ", unaccounted.Take(10).Select(h => $"{h.Category} {h.MessageId} on {h.RoutingKey}")));
        Assert.All(dead, d => Assert.False(string.IsNullOrWhiteSpace(d.Value), $"{d.Key} has no {Arrakis.Infrastructure.Messaging.DeadLetterHeaders.Reason}."));
        Assert.DoesNotContain(joins.Concat(pings), v => dead.ContainsKey(v.EventId));

        // An unknown command is answered as unavailable, not dropped in silence.
        foreach (var unknown in corpus.Where(h => h.ExpectsUnavailable))
        {
            var callbacks = world.Simulator.Requests.Where(r => r.Path.Contains("/" + unknown.Token + "/", StringComparison.Ordinal)).ToList();
            Assert.Contains(callbacks, r => r.Body.Contains("This command is not available.", StringComparison.Ordinal));
        }

        // No request whose path or host came from message content: every one matched a known Discord route.
        var requests = world.Simulator.Requests.ToList();
        Assert.All(requests, r =>
        {
            Assert.True(r.Route is not null, $"{r.Method} {r.Path} is no Discord route.");
            Assert.DoesNotContain("://", r.Path, StringComparison.Ordinal);
            Assert.True(r.Violation is null, $"{r.Method} {r.Route}: {r.Violation}");
        });

        Assert.Equal(HealthStatus.Healthy, (await world.Worker.HealthAsync()).Status);
        var growth = ManagedMemoryAfterFullGc() - baseline;
        Assert.True(growth < MemoryGrowthBound, $"Managed memory grew by {growth / 1024 / 1024} MB after a full GC.");

        output.WriteLine($"corpus {corpus.Count}, valid {joins.Count + pings.Count}, published in {published.TotalSeconds:F1} s, settled in {settled.TotalSeconds:F1} s");
        output.WriteLine($"dead-lettered {dead.Count}, acknowledged {corpus.Count - dead.Count}, simulator requests {requests.Count}, managed growth {growth / 1024.0 / 1024:F1} MB");
        foreach (var group in dead.Values.GroupBy(r => r).OrderByDescending(g => g.Count()))
        {
            output.WriteLine($"  {group.Key}: {group.Count()}");
        }

        foreach (var group in corpus.GroupBy(h => h.Category))
        {
            output.WriteLine($"  category {group.Key}: {group.Count()}, dead-lettered {group.Count(h => dead.ContainsKey(h.MessageId))}");
        }
    }

    private static long ManagedMemoryAfterFullGc()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>Event ids the worker acknowledged as documented: handled, dropped past the window, or already done.</summary>
    private HashSet<string> Acknowledged() =>
        [.. world.Logs.GetSnapshot()
            .Where(r => r.Category == ProcessorCategory
                && (r.Message.Contains("handled on attempt", StringComparison.Ordinal)
                    || r.Message.Contains(" dropped: ", StringComparison.Ordinal)
                    || r.Message.Contains("redelivered after it was handled", StringComparison.Ordinal)))
            .SelectMany(r => r.StructuredState ?? [])
            .Where(p => p.Key == "EventId" && p.Value is not null)
            .Select(p => p.Value!)];

    private async Task<bool> QueuesEmptyAsync()
    {
        string[] queues = ["arrakis.interactions", "arrakis.events.guild", "arrakis.retry.interactions.100", "arrakis.retry.interactions.200",
            "arrakis.retry.events.guild.100", "arrakis.retry.events.guild.200"];
        foreach (var queue in queues)
        {
            var info = await world.Broker.Management.GetQueueAsync(world.Broker.Vhost, queue);
            if (info?["messages"]?.GetValue<long>() is > 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The DLQ's messages by message id, with their reason header.</summary>
    private async Task<Dictionary<string, string>> DrainDeadLettersAsync()
    {
        var dead = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await world.Broker.GetAsync("arrakis.dlq") is { } message)
        {
            var reason = message.BasicProperties.Headers is { } headers
                && headers.TryGetValue(Arrakis.Infrastructure.Messaging.DeadLetterHeaders.Reason, out var value) && value is byte[] bytes
                ? Encoding.UTF8.GetString(bytes)
                : "";
            dead[message.BasicProperties.MessageId ?? "none-" + dead.Count.ToString(CultureInfo.InvariantCulture)] = reason;
        }

        return dead;
    }
}
