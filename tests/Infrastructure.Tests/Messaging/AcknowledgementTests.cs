using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Testing;
using static Arrakis.Infrastructure.Tests.Messaging.BrokerAssertions;

namespace Arrakis.Infrastructure.Tests.Messaging;

/// <summary>Coalesced acknowledgements (ADR 0015) still acknowledge every message, and a slow one holds up no other.</summary>
public sealed class AcknowledgementTests(IsolatedBroker broker) : IClassFixture<IsolatedBroker>
{
    [Fact]
    public async Task ManyMessagesHandledOutOfOrder_AreAllAcknowledged()
    {
        var dispatcher = new ScriptedDispatcher
        {
            // Random short waits: handlers finish out of delivery order, so some acknowledgements wait behind others.
            Handle = async (_, token) =>
            {
                await Task.Delay(Random.Shared.Next(0, 20), token);
                return Result.Success;
            },
        };
        var settings = MessagingHarness.Settings(broker);
        settings["EVENT_PREFETCH"] = "20";
        await using var harness = await MessagingHarness.StartAsync(settings, dispatcher);

        var ids = await broker.Connection.PublishManyAsync("member.join", 300);

        Assert.True(await Eventually.TrueAsync(() => ids.All(dispatcher.Completed.ContainsKey)), "Not every message was handled.");
        // Ready plus unacknowledged: an acknowledgement left unsent would keep a message here.
        Assert.True(await Eventually.TrueAsync(async () => await QueuedAsync() == 0, TimeSpan.FromSeconds(10)), $"{await QueuedAsync()} messages still on the queue.");
        Assert.All(ids, id => Assert.Equal(1, dispatcher.Completed[id]));
        AssertChannelKept(harness);
    }

    [Fact]
    public async Task ASlowMessage_DoesNotHoldUpTheAcknowledgementsOfThoseAfterIt()
    {
        using var release = new SemaphoreSlim(0);
        string? slow = null;
        var dispatcher = new ScriptedDispatcher
        {
            Handle = async (call, token) =>
            {
                if (Interlocked.CompareExchange(ref slow, call.EventId, null) is null)
                {
                    await release.WaitAsync(token);
                }

                return Result.Success;
            },
        };
        var settings = MessagingHarness.Settings(broker);
        settings["EVENT_PREFETCH"] = "4";
        settings["PROCESSING_TIMEOUT_MS"] = "60000";
        await using var harness = await MessagingHarness.StartAsync(settings, dispatcher);

        var ids = await broker.Connection.PublishManyAsync("member.join", 40);

        // A window of 4 with the first message held: the others get through only if their acknowledgements go out
        // without waiting for it (if they waited, the broker would stop after three).
        Assert.True(await Eventually.TrueAsync(() => dispatcher.Completed.Count == ids.Count - 1), $"Only {dispatcher.Completed.Count} of {ids.Count - 1} handled while one was slow.");
        release.Release();
        Assert.True(await Eventually.TrueAsync(async () => await QueuedAsync() == 0, TimeSpan.FromSeconds(10)), $"{await QueuedAsync()} messages still on the queue.");

        // The held one settles last: one multiple acknowledgement after many sent alone, which the broker must take.
        AssertChannelKept(harness);
    }

    /// <summary>
    /// An acknowledgement the broker refuses (an unknown or repeated tag) closes the channel; its messages would then
    /// come back redelivered and be acknowledged as already done, so the queue alone would not show it.
    /// </summary>
    private static void AssertChannelKept(MessagingHarness harness)
    {
        Assert.False(harness.Logged("Lost the consumer"), "The consuming channel was lost.");
        Assert.False(harness.Logged("Could not acknowledge"), "An acknowledgement failed.");
        Assert.False(harness.Logged("was redelivered after it was handled"), "A message came back after it was handled.");
    }

    private async Task<long?> QueuedAsync() =>
        (await broker.Management.GetQueueAsync(broker.Vhost, Events))?["messages"]?.GetValue<long>();
}
