using System.Diagnostics;
using Arrakis.Testing;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Arrakis.Load;

/// <summary>
/// Publishes as the gateway ingestor does (persistent, with publisher confirms, its properties and headers), paced at
/// a rate, and keeps publishing through a broker restart: an unconfirmed publish is sent again on a new connection
/// (at-least-once, as the ingestor's; the worker's idempotency absorbs the copy). Every message is recorded once.
/// </summary>
public sealed class IngestorLoad(string brokerUrl, MessageFactory factory) : IAsyncDisposable
{
    private readonly SemaphoreSlim _reconnect = new(1, 1);
    private readonly List<SentMessage> _sent = [];
    private IConnection? _connection;
    private IChannel? _channel;
    private long _sequence;
    private long _republished;

    /// <summary>Every message published so far, in order.</summary>
    public IReadOnlyList<SentMessage> Sent
    {
        get
        {
            lock (_sent)
            {
                return [.. _sent];
            }
        }
    }

    /// <summary>
    /// How many times each message is published (2: the ingestor's at-least-once copy of every message, both
    /// recorded as one sent message), so that workers race on the same ids.
    /// </summary>
    public int Copies { get; init; } = 1;

    /// <summary>Publishes that had to be sent again (a broker outage).</summary>
    public long Republished => Interlocked.Read(ref _republished);

    /// <summary>
    /// Publishes <paramref name="count"/> messages of <paramref name="mix"/> at <paramref name="perSecond"/> (message i
    /// leaves i / rate seconds after the start; 0 publishes as fast as confirms allow). Returns when all are confirmed.
    /// Cancelling stops it publishing more; what it did publish is still confirmed, recorded and returned.
    /// </summary>
    /// <param name="age">How old each interaction already is when published (a stale backlog); zero for live traffic.</param>
    public async Task<IReadOnlyList<SentMessage>> PublishAsync(TrafficMix mix, int count, double perSecond, TimeSpan age = default, CancellationToken cancellationToken = default)
    {
        var batch = new List<SentMessage>(count);
        var pending = new List<Task>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count && !cancellationToken.IsCancellationRequested; i++)
        {
            if (perSecond > 0)
            {
                // One reading of the clock: read twice, a starved thread can pass the due time in between (a negative delay throws).
                var wait = TimeSpan.FromSeconds(i / perSecond) - clock.Elapsed;
                if (wait > TimeSpan.FromMilliseconds(1))
                {
                    await Task.Delay(wait, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
                    if (cancellationToken.IsCancellationRequested)
                    {
                        break;
                    }
                }
            }

            var sequence = Interlocked.Increment(ref _sequence);
            var (message, wire) = factory.Create(mix.KindOf(sequence), sequence, DateTimeOffset.UtcNow - age);
            batch.Add(message);
            lock (_sent)
            {
                _sent.Add(message);
            }

            for (var copy = 0; copy < Copies; copy++)
            {
                pending.Add(PublishOneAsync(wire));
            }

            if (pending.Count >= 500)
            {
                // Bounded in flight: the confirms of the oldest 500 before more leave.
                await Task.WhenAll(pending);
                pending.Clear();
            }
        }

        await Task.WhenAll(pending);
        return batch;
    }

    /// <summary>Publishes at <paramref name="perSecond"/> until <paramref name="duration"/> has passed.</summary>
    public Task<IReadOnlyList<SentMessage>> PublishForAsync(TrafficMix mix, TimeSpan duration, double perSecond, CancellationToken cancellationToken = default) =>
        PublishAsync(mix, (int)(duration.TotalSeconds * perSecond), perSecond, default, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_channel is not null)
        {
            await _channel.DisposeAsync();
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        _reconnect.Dispose();
    }

    private async Task PublishOneAsync(WireFixture wire)
    {
        var routingKey = wire.Body["eventType"]!.GetValue<string>();
        var body = wire.BodyBytes;
        for (var attempt = 1; ; attempt++)
        {
            var channel = await ChannelAsync();
            try
            {
                await IngestorPublisher.PublishAsync(channel, routingKey, wire.Properties, body);
                return;
            }
            catch (Exception e) when (e is AlreadyClosedException or OperationInterruptedException or PublishException or IOException or ObjectDisposedException
                                          or BrokerUnreachableException or TimeoutException)
            {
                // The broker went away mid-publish: not confirmed, so send it again (the ingestor does the same).
                Interlocked.Increment(ref _republished);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 50 * attempt)));
                await ResetAsync(channel);
            }
        }
    }

    private async Task<IChannel> ChannelAsync()
    {
        if (_channel is { IsOpen: true } open)
        {
            return open;
        }

        await _reconnect.WaitAsync();
        try
        {
            while (_channel is not { IsOpen: true })
            {
                try
                {
                    if (_connection is not { IsOpen: true })
                    {
                        _connection = await new ConnectionFactory { Uri = new Uri(brokerUrl), ClientProvidedName = "arrakis-load-ingestor", AutomaticRecoveryEnabled = false }
                            .CreateConnectionAsync();
                    }

                    _channel = await _connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
                }
                catch (Exception e) when (e is BrokerUnreachableException or AlreadyClosedException or OperationInterruptedException or IOException)
                {
                    await Task.Delay(100);
                }
            }

            return _channel;
        }
        finally
        {
            _reconnect.Release();
        }
    }

    private async Task ResetAsync(IChannel failed)
    {
        await _reconnect.WaitAsync();
        try
        {
            if (ReferenceEquals(_channel, failed) && !failed.IsOpen)
            {
                _channel = null;
            }
        }
        finally
        {
            _reconnect.Release();
        }
    }
}
