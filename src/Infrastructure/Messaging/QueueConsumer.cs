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
internal sealed partial class QueueConsumer(
    ConsumedQueue queue,
    BrokerConnection connection,
    MessageProcessor processor,
    ConsumerStates states,
    TimeSpan drainTimeout,
    ILogger<QueueConsumer> logger)
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(250);

    // Small enough that the consumer is back within 5 s of the broker being reachable again.
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(2);

    public string Queue => queue.Name;

    /// <summary>The consuming channel of the current subscription, if any (tests provoke channel errors on it).</summary>
    internal IChannel? CurrentChannel { get; private set; }

    /// <summary>Consumes until <paramref name="stopping"/> fires, then stops taking messages and drains.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        states.Expect(queue.Name);
        using var abandon = new CancellationTokenSource();
        var backoff = FirstBackoff;
        var resubscribing = false;
        while (!stopping.IsCancellationRequested)
        {
            ConsumerSession? session = null;
            try
            {
                session = await SubscribeAsync(resubscribing, abandon.Token, stopping);
                CurrentChannel = session.Channel;
                states.Set(queue.Name, true);
                LogConsuming(queue.Name, queue.Prefetch, queue.Concurrency);
                backoff = FirstBackoff;
                var reason = await session.Lost.WaitAsync(stopping);
                LogConsumerLost(queue.Name, reason);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // Stopping: the finally block drains.
            }
            catch (Exception ex)
            {
                LogConsumerFailed(ex, queue.Name, backoff.TotalMilliseconds);
            }
            finally
            {
                resubscribing = true;
                states.Set(queue.Name, false);
                if (session is not null)
                {
                    await CloseAsync(session, drain: stopping.IsCancellationRequested, abandon);
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
    }

    private async Task<ConsumerSession> SubscribeAsync(bool resubscribing, CancellationToken abandon, CancellationToken stopping)
    {
        var open = await connection.GetAsync(ensureTopology: resubscribing, stopping);
        var publisher = await open.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            stopping);
        IChannel? channel = null;
        try
        {
            channel = await open.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: false, publisherConfirmationTrackingEnabled: false, consumerDispatchConcurrency: queue.Concurrency),
                stopping);
            await channel.BasicQosAsync(prefetchSize: 0, prefetchCount: queue.Prefetch, global: false, stopping);

            // A closing connection closes its channels too, so the two handlers also cover connection loss.
            var session = new ConsumerSession(queue.Name, channel, publisher);
            channel.ChannelShutdownAsync += (_, args) => Lost(session, "channel closed: " + args.ReplyText);
            publisher.ChannelShutdownAsync += (_, args) => Lost(session, "publisher channel closed: " + args.ReplyText);

            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += (_, delivery) => OnDeliveryAsync(session, delivery, abandon);
            consumer.UnregisteredAsync += (_, _) => Lost(session, "subscription cancelled");
            session.ConsumerTag = await channel.BasicConsumeAsync(queue.Name, autoAck: false, consumer, stopping);

            // Closed while subscribing: the events above may have fired before the handlers were attached.
            if (!open.IsOpen || !channel.IsOpen || !publisher.IsOpen)
            {
                session.Fail("closed while subscribing");
            }

            return session;
        }
        catch
        {
            await DisposeQuietlyAsync(channel);
            await DisposeQuietlyAsync(publisher);
            throw;
        }
    }

    private async Task OnDeliveryAsync(ConsumerSession session, BasicDeliverEventArgs delivery, CancellationToken abandon)
    {
        session.InFlight.Enter();
        try
        {
            if (session.Draining)
            {
                return; // Stopping: left unacknowledged, it returns to the queue when the channel closes.
            }

            await processor.ProcessAsync(session, delivery, abandon);
        }
        catch (Exception ex)
        {
            // The processor settles every outcome itself; reaching here is a bug, and the channel must not hear of it.
            LogUnexpected(ex, queue.Name);
            session.Fail("unexpected processing failure");
        }
        finally
        {
            session.InFlight.Exit();
        }
    }

    private async Task CloseAsync(ConsumerSession session, bool drain, CancellationTokenSource abandon)
    {
        session.Draining = true;
        if (session.ConsumerTag is { } tag && session.Channel.IsOpen)
        {
            try
            {
                await session.Channel.BasicCancelAsync(tag);
            }
            catch (Exception ex)
            {
                LogCloseFailed(ex, queue.Name);
            }
        }

        if (drain)
        {
            var inFlight = session.InFlight.Count;
            LogDraining(queue.Name, inFlight, drainTimeout.TotalMilliseconds);
            var idle = session.InFlight.WhenIdleAsync();
            if (await Task.WhenAny(idle, Task.Delay(drainTimeout)) != idle)
            {
                LogAbandoning(queue.Name, session.InFlight.Count);
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
                LogCloseFailed(ex, queue.Name);
            }

            await DisposeQuietlyAsync(channel);
        }
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
