using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Testing;

namespace Arrakis.Infrastructure.Tests.Messaging;

/// <summary>Both consumers share one connection; each queue runs at most its concurrency of handlers at once.</summary>
public sealed class ConcurrencyTests(IsolatedBroker broker) : IClassFixture<IsolatedBroker>
{
    [Fact]
    public async Task Defaults_RunAHundredInteractionsAtOnce_EnoughFor200PerSecondAt150Ms()
    {
        var (peak, harness) = await PeakConcurrencyAsync("interaction.button", count: 130, MessagingHarness.Settings(broker));
        await using (harness)
        {
            // 200/s × 150 ms needs 30 at once on average; the default holds 100 (docs/adr/0011).
            Assert.Equal(100, peak);
            Assert.Equal(1, await WorkerConnectionCountAsync());
        }
    }

    [Fact]
    public async Task EventConcurrency_BoundsHandlersBelowThePrefetch()
    {
        var settings = MessagingHarness.Settings(broker);
        settings["EVENT_PREFETCH"] = "8";
        settings["EVENT_CONCURRENCY"] = "3";
        var (peak, harness) = await PeakConcurrencyAsync("member.update", count: 20, settings);
        await using (harness)
        {
            Assert.Equal(3, peak);
        }
    }

    [Fact]
    public async Task EventConcurrency_DefaultsToThePrefetch()
    {
        var settings = MessagingHarness.Settings(broker);
        settings["EVENT_PREFETCH"] = "6";
        var (peak, harness) = await PeakConcurrencyAsync("guild.join", count: 20, settings);
        await using (harness)
        {
            Assert.Equal(6, peak);
        }
    }

    private async Task<(int Peak, MessagingHarness Harness)> PeakConcurrencyAsync(string sample, int count, Dictionary<string, string?> settings)
    {
        var running = 0;
        var peak = 0;
        using var release = new SemaphoreSlim(0);
        var dispatcher = new ScriptedDispatcher
        {
            Handle = async (_, token) =>
            {
                var now = Interlocked.Increment(ref running);
                InterlockedMax(ref peak, now);
                try
                {
                    await release.WaitAsync(token);
                }
                finally
                {
                    Interlocked.Decrement(ref running);
                }

                return Result.Success;
            },
        };
        var harness = await MessagingHarness.StartAsync(settings, dispatcher);
        var ids = await broker.Connection.PublishManyAsync(sample, count);

        // Wait until the peak holds still for a moment: every slot taken, nothing more can start.
        var last = -1;
        await Eventually.TrueAsync(async () =>
        {
            var seen = Volatile.Read(ref peak);
            var stable = seen == last && seen > 0;
            last = seen;
            await Task.Delay(300);
            return stable;
        });
        var observed = Volatile.Read(ref peak);

        release.Release(count);
        Assert.True(await Eventually.TrueAsync(() => ids.All(dispatcher.Completed.ContainsKey)), "Not every message was handled.");
        return (observed, harness);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private async Task<int> WorkerConnectionCountAsync()
    {
        var count = 0;
        await Eventually.TrueAsync(async () => (count = (await WorkerConnections.ListAsync(broker.Vhost)).Count) > 0, TimeSpan.FromSeconds(10));
        return count;
    }
}
