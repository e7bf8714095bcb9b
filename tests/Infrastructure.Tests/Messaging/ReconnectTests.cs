using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Testing;
using static Arrakis.Infrastructure.Tests.Messaging.BrokerAssertions;

namespace Arrakis.Infrastructure.Tests.Messaging;

/// <summary>When the broker closes the worker's connection or cancels its subscription, every consumer comes back.</summary>
public sealed class ReconnectTests(IsolatedBroker broker) : IClassFixture<IsolatedBroker>, IAsyncLifetime
{
    private readonly ScriptedDispatcher _dispatcher = new();
    private MessagingHarness? _harness;

    public async ValueTask InitializeAsync() => _harness = await MessagingHarness.StartAsync(MessagingHarness.Settings(broker), _dispatcher);

    public async ValueTask DisposeAsync() => await _harness!.DisposeAsync();

    [Fact]
    public async Task ConnectionClosedByTheBroker_EveryConsumerSubscribesAgain_AndHealthFollows()
    {
        var notReady = false;
        using var watch = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            while (!watch.IsCancellationRequested)
            {
                notReady |= !_harness!.States.AllConsuming;
                await Task.Delay(5);
            }
        });

        // As `rabbitmqctl close_connection` does, through the management API; the test's own connection is spared.
        Assert.True(await CloseWorkerConnectionsAsync() > 0);

        Assert.True(await Eventually.TrueAsync(() => _harness!.Logged("Lost the consumer of " + Interactions) && _harness.Logged("Lost the consumer of " + Events)));
        Assert.True(await Eventually.TrueAsync(async () => _harness!.States.AllConsuming && await ConsumersAsync(Interactions) == 1 && await ConsumersAsync(Events) == 1), "Not re-subscribed.");
        await watch.CancelAsync();
        await watcher;
        Assert.True(notReady, "Health never reported the consumers as down.");
        await AssertBothQueuesHandledAsync();
    }

    [Fact]
    public async Task QueueDeletedUnderTheConsumer_IsDeclaredAgainAndConsumed()
    {
        await using (var channel = await broker.Connection.CreateChannelAsync())
        {
            await channel.QueueDeleteAsync(Events, ifUnused: false, ifEmpty: false);
        }

        Assert.True(await Eventually.TrueAsync(() => _harness!.Logged("Lost the consumer of " + Events)));
        Assert.True(await Eventually.TrueAsync(async () => _harness!.States.AllConsuming && await ConsumersAsync(Events) == 1), "Not re-subscribed.");
        await AssertBothQueuesHandledAsync();
    }

    [Fact]
    public async Task ChannelClosedByAPreconditionFailed_ThatConsumerSubscribesAgain_TheOtherIsUndisturbed()
    {
        // Twenty messages in the middle of their work when the channel goes: the broker requeues them at once.
        using var release = new SemaphoreSlim(0);
        _dispatcher.Handle = async (_, token) =>
        {
            await release.WaitAsync(token);
            return Result.Success;
        };
        var ids = await broker.Connection.PublishManyAsync("member.join", 20);
        Assert.True(await Eventually.TrueAsync(() => _dispatcher.Calls.Count == 20));
        var before = _harness!.Consumer(Events).CurrentChannel!;

        // An acknowledgement of a delivery tag the broker never sent: it closes the channel with 406 PRECONDITION_FAILED.
        await before.BasicAckAsync(deliveryTag: 999_999, multiple: false);

        Assert.True(await Eventually.TrueAsync(() => _harness.Logged("PRECONDITION_FAILED")), "The broker did not close the channel.");
        Assert.True(await Eventually.TrueAsync(() => _harness.States.AllConsuming && _harness.Consumer(Events).CurrentChannel is { IsOpen: true } now && now != before), "Not re-subscribed: " + string.Join(" / ", _harness.Logs.GetSnapshot().Select(r => $"{r.Timestamp:ss.fff} {r.Message} {r.Exception?.GetType().Name} {r.Exception?.Message}")));
        Assert.False(_harness.Logged("Lost the consumer of " + Interactions));
        release.Release(1000);
        Assert.True(await Eventually.TrueAsync(() => ids.All(_dispatcher.Completed.ContainsKey)), "Not every message was handled.");
        _dispatcher.Handle = (_, _) => Task.FromResult(Result.Success);
        await AssertBothQueuesHandledAsync();
        // Their redelivered copies waited for the first run and were acknowledged, not handled again.
        Assert.All(ids, id => Assert.Equal(1, _dispatcher.Completed[id]));
        Assert.True(await Eventually.TrueAsync(async () => (await broker.Management.GetQueueAsync(broker.Vhost, Events))?["messages"]?.GetValue<long>() == 0, TimeSpan.FromSeconds(15)));
    }

    private async Task AssertBothQueuesHandledAsync()
    {
        var join = await broker.PublishAsync("member.join");
        var button = await broker.PublishAsync("interaction.button");
        Assert.True(await Eventually.TrueAsync(() => _dispatcher.Completed.ContainsKey(join.EventId) && _dispatcher.Completed.ContainsKey(button.EventId)), "Not consuming after reconnecting.");
    }

    private async Task<long?> ConsumersAsync(string queue) =>
        (await broker.Management.GetQueueAsync(broker.Vhost, queue))?["consumers"]?.GetValue<long>();

    private async Task<int> CloseWorkerConnectionsAsync()
    {
        // The management API lists a new connection a moment after it opens.
        var closed = 0;
        await Eventually.TrueAsync(async () => (closed = await WorkerConnections.CloseAsync(broker.Vhost)) > 0, TimeSpan.FromSeconds(10));
        return closed;
    }
}
