using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Arrakis.Infrastructure.Messaging;

/// <summary>
/// Consumes one queue with manual acknowledgements, bounded prefetch and bounded concurrency. Whenever the
/// connection, a channel or the subscription is lost, it rebuilds its channels and subscription (and the
/// connection, through <see cref="BrokerConnection"/>) with backoff: a worker that reconnected without
/// re-subscribing would look healthy and do nothing (docs/adr/0013).
/// </summary>
internal sealed partial class QueueConsumer : IDisposable
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(250);

    // Small enough that the consumer is back within 5 s of the broker being reachable again.
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(2);

    private readonly ConsumedQueue _queue;
    private readonly BrokerConnection _connection;
    private readonly MessageProcessor _processor;
    private readonly ConsumerStates _states;
    private readonly TimeSpan _drainTimeout;
    private readonly ILogger<QueueConsumer> _logger;

    // Handler slots for the queue, across sessions: a lost session's handlers still count until they end.
    private readonly SemaphoreSlim _slots;

    public QueueConsumer(ConsumedQueue queue, BrokerConnection connection, MessageProcessor processor, ConsumerStates states, TimeSpan drainTimeout, ILogger<QueueConsumer> logger)
    {
        _queue = queue;
        _connection = connection;
        _processor = processor;
        _states = states;
        _drainTimeout = drainTimeout;
        _logger = logger;
        _slots = new SemaphoreSlim(queue.Concurrency, queue.Concurrency);
    }

    public string Queue => _queue.Name;

    /// <summary>The consuming channel of the current subscription, if any (tests provoke channel errors on it).</summary>
    internal IChannel? CurrentChannel { get; private set; }

    /// <summary>Consumes until <paramref name="stopping"/> fires, then stops taking messages and drains.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        _states.Expect(_queue.Name);
        using var abandon = new CancellationTokenSource();
        var retiring = new List<Task>();
        var backoff = FirstBackoff;
        var resubscribing = false;
        while (!stopping.IsCancellationRequested)
        {
            ConsumerSession? session = null;
            try
            {
                session = await SubscribeAsync(resubscribing, abandon.Token, stopping);
                CurrentChannel = session.Channel;
                _states.Set(_queue.Name, true);
                LogConsuming(_queue.Name, _queue.Prefetch, _queue.Concurrency);
                backoff = FirstBackoff;
                var reason = await session.Lost.WaitAsync(stopping);
                LogConsumerLost(_queue.Name, reason);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // Stopping: the finally block drains.
            }
            catch (Exception ex)
            {
                LogConsumerFailed(ex, _queue.Name, backoff.TotalMilliseconds);
            }
            finally
            {
                resubscribing = true;
                _states.Set(_queue.Name, false);
                if (session is not null)
                {
                    // A lost session's handlers may still finish their work; the new session does not wait for them.
                    var closed = CloseAsync(session, drain: stopping.IsCancellationRequested, abandon);
                    if (stopping.IsCancellationRequested)
                    {
                        await closed;
                    }
                    else
                    {
                        retiring.RemoveAll(t => t.IsCompleted);
                        retiring.Add(closed);
                    }
                }
            }

            try
            {
                await Task.Delay(backoff * (0.8 + (Random.Shared.NextDouble() * 0.4)), stopping);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }

        // Handlers of sessions lost earlier had the same drain time; whatever still runs now is abandoned.
        await abandon.CancelAsync();
        await Task.WhenAll(retiring);
    }

    public void Dispose() => _slots.Dispose();

    private async Task<ConsumerSession> SubscribeAsync(bool resubscribing, CancellationToken abandon, CancellationToken stopping)
    {
        var open = await _connection.GetAsync(ensureTopology: resubscribing, stopping);
        var publisher = await open.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            stopping);
        IChannel? channel = null;
        ConsumerSession? created = null;
        try
        {
            // The client's dispatcher only hands deliveries over (see Delivery); concurrency is ours, in _slots.
            channel = await open.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: false, publisherConfirmationTrackingEnabled: false, consumerDispatchConcurrency: 1),
                stopping);
            await channel.BasicQosAsync(prefetchSize: 0, prefetchCount: _queue.Prefetch, global: false, stopping);

            // A closing connection closes its channels too, so the two handlers also cover connection loss.
            var session = created = new ConsumerSession(_queue.Name, channel, publisher, _queue.Prefetch).Open();
            channel.ChannelShutdownAsync += (_, args) => Lost(session, "channel closed: " + args.ReplyText);
            publisher.ChannelShutdownAsync += (_, args) => Lost(session, "publisher channel closed: " + args.ReplyText);

            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += (_, delivery) => OnDeliveryAsync(session, delivery, abandon);
            consumer.UnregisteredAsync += (_, _) => Lost(session, "subscription cancelled");
            session.ConsumerTag = await channel.BasicConsumeAsync(_queue.Name, autoAck: false, consumer, stopping);

            // Closed while subscribing: the events above may have fired before the handlers were attached.
            if (!open.IsOpen || !channel.IsOpen || !publisher.IsOpen)
            {
                session.Fail("closed while subscribing");
            }

            return session;
        }
        catch
        {
            // The session's acknowledgement writer runs from its creation: a failed subscription stops it too.
            if (created is not null)
            {
                await created.DisposeAsync();
            }

            await DisposeQuietlyAsync(channel);
            await DisposeQuietlyAsync(publisher);
            throw;
        }
    }

    private async Task OnDeliveryAsync(ConsumerSession session, BasicDeliverEventArgs args, CancellationToken abandon)
    {
        session.InFlight.Enter();
        session.Acks.Delivered(args.DeliveryTag);
        try
        {
            // Waits while every slot is busy: prefetch keeps the rest on the broker's side, not in memory here.
            await _slots.WaitAsync(session.Closing);
        }
        catch (OperationCanceledException)
        {
            // Lost or stopping: left unacknowledged, it returns to the queue when the channel closes.
            session.InFlight.Exit();
            return;
        }

        // Not awaited: the work runs here until its first wait on I/O, then the dispatcher moves on.
        _ = HandleAsync(session, Delivery.Of(args), abandon);
    }

    private async Task HandleAsync(ConsumerSession session, Delivery delivery, CancellationToken abandon)
    {
        try
        {
            await _processor.ProcessAsync(session, delivery, abandon);
        }
        catch (Exception ex)
        {
            // The processor settles every outcome itself; reaching here is a bug, and the session is rebuilt.
            LogUnexpected(ex, _queue.Name);
            session.Fail("unexpected processing failure");
        }
        finally
        {
            _slots.Release();
            session.InFlight.Exit();
        }
    }

    private async Task CloseAsync(ConsumerSession session, bool drain, CancellationTokenSource abandon)
    {
        session.Close();
        if (session.ConsumerTag is { } tag && session.Channel.IsOpen)
        {
            try
            {
                await session.Channel.BasicCancelAsync(tag);
            }
            catch (Exception ex)
            {
                LogCloseFailed(ex, _queue.Name);
            }
        }

        if (drain)
        {
            LogDraining(_queue.Name, session.InFlight.Count, _drainTimeout.TotalMilliseconds);
            var idle = session.InFlight.WhenIdleAsync();
            if (await Task.WhenAny(idle, Task.Delay(_drainTimeout)) != idle)
            {
                LogAbandoning(_queue.Name, session.InFlight.Count);
                await abandon.CancelAsync();
                await Task.WhenAny(idle, Task.Delay(TimeSpan.FromSeconds(1)));
            }
        }

        // Closing the channel returns every unacknowledged delivery to the queue.
        foreach (var channel in new[] { session.Channel, session.Publisher })
        {
            try
            {
                if (channel.IsOpen)
                {
                    await channel.CloseAsync();
                }
            }
            catch (Exception ex)
            {
                LogCloseFailed(ex, _queue.Name);
            }

            await DisposeQuietlyAsync(channel);
        }

        // Handlers of a lost session may still be running; they find its channels closed and leave redelivery to the broker.
        await session.InFlight.WhenIdleAsync();
        await session.DisposeAsync();
    }

    private static Task Lost(ConsumerSession session, string reason)
    {
        session.Fail(reason);
        return Task.CompletedTask;
    }

    private static async Task DisposeQuietlyAsync(IChannel? channel)
    {
        if (channel is null)
        {
            return;
        }

        try
        {
            await channel.DisposeAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A broken channel may refuse to close; it is gone either way.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Consuming {Queue} with prefetch {Prefetch} and concurrency {Concurrency}")]
    private partial void LogConsuming(string queue, int prefetch, int concurrency);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the consumer of {Queue} ({Reason}); subscribing again")]
    private partial void LogConsumerLost(string queue, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consumer of {Queue} could not subscribe; retrying in {BackoffMs} ms")]
    private partial void LogConsumerFailed(Exception exception, string queue, double backoffMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped taking messages from {Queue}; waiting up to {TimeoutMs} ms for {InFlight} in flight")]
    private partial void LogDraining(string queue, int inFlight, double timeoutMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{InFlight} message(s) from {Queue} did not finish in time; they return to the queue")]
    private partial void LogAbandoning(string queue, int inFlight);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure processing a message from {Queue}")]
    private partial void LogUnexpected(Exception exception, string queue);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Closing the consumer of {Queue} failed")]
    private partial void LogCloseFailed(Exception exception, string queue);
}
