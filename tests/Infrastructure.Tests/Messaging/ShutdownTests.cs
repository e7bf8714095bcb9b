using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Testing;
using static Arrakis.Infrastructure.Tests.Messaging.BrokerAssertions;

namespace Arrakis.Infrastructure.Tests.Messaging;

/// <summary>Stopping in the middle of a stream: in-flight messages finish, the rest stay on the broker, nothing is lost.</summary>
public sealed class ShutdownTests(IsolatedBroker broker) : IClassFixture<IsolatedBroker>
{
    [Fact]
    public async Task StopMidStream_InFlightFinish_TheRestStayQueued_AndANewWorkerHandlesThemOnce()
    {
        const int total = 300;
        var dispatcher = new ScriptedDispatcher();
        var abandoned = 0;
        dispatcher.Handle = async (_, token) =>
        {
            try
            {
                await Task.Delay(40, token);
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref abandoned);
                throw;
            }

            return Result.Success;
        };
        var settings = MessagingHarness.Settings(broker);
        settings["EVENT_PREFETCH"] = "20";
        List<string> ids;
        await using (var first = await MessagingHarness.StartAsync(settings, dispatcher))
        {
            ids = await broker.Connection.PublishManyAsync("member.join", total);
            Assert.True(await Eventually.TrueAsync(() => dispatcher.Completed.Count >= 40));
            await first.StopAsync();
            Assert.True(first.Logged("Stopped taking messages from " + Events));
        }

        var handledBeforeStop = dispatcher.Completed.Count;
        Assert.Equal(0, abandoned);
        // Every call that started also finished: nothing was cut off mid-work.
        Assert.Equal(dispatcher.Calls.Count, handledBeforeStop);
        Assert.True(handledBeforeStop < total, "The stream ended before the stop; the test proves nothing.");
        Assert.Equal((uint)(total - handledBeforeStop), await broker.MessageCountAsync(Events));

        await using (await MessagingHarness.StartAsync(settings, dispatcher))
        {
            Assert.True(await Eventually.TrueAsync(() => dispatcher.Completed.Count == total), $"{dispatcher.Completed.Count} of {total} handled.");
        }

        Assert.True(ids.All(id => dispatcher.Completed.TryGetValue(id, out var times) && times == 1), "A message was handled twice or never.");
        Assert.Equal(0u, await broker.MessageCountAsync(DeadLetters));
    }

    [Fact]
    public async Task StopWithAHandlerStuckPastTheShutdownTimeout_ReturnsItsMessageToTheQueue()
    {
        var dispatcher = new ScriptedDispatcher { Handle = async (_, token) => { await Task.Delay(Timeout.Infinite, token); return Result.Success; } };
        var settings = MessagingHarness.Settings(broker);
        settings["SHUTDOWN_TIMEOUT_MS"] = "300";
        settings["PROCESSING_TIMEOUT_MS"] = "60000";
        var sample = WireFixture.Load("member.leave");
        await using (var harness = await MessagingHarness.StartAsync(settings, dispatcher))
        {
            sample = await broker.PublishAsync("member.leave");
            Assert.True(await Eventually.TrueAsync(() => dispatcher.CallsFor(sample.EventId) == 1));
            await harness.StopAsync();
            Assert.True(harness.Logged("did not finish in time"));
        }

        Assert.Equal(1u, await broker.MessageCountAsync(Events));
        Assert.Equal(0u, await broker.MessageCountAsync(DeadLetters));
        Assert.Equal(0u, await broker.MessageCountAsync("arrakis.retry.events.guild.200"));
        Assert.Equal(sample.EventId, (await broker.GetAsync(Events))?.BasicProperties.MessageId);
    }
}
