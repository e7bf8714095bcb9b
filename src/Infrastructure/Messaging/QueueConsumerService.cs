using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Arrakis.Infrastructure.Messaging;

/// <summary>
/// Consumes one queue with manual acknowledgements and bounded prefetch. Whenever the connection, the
/// channel or the subscription is lost, it rebuilds all three (and the topology) with backoff: a worker
/// that reconnected without re-subscribing would look healthy and do nothing.
/// </summary>
internal sealed partial class QueueConsumerService(
    string queue,
    ushort prefetch,
    BrokerConnectionFactory connections,
    ContractTopology topology,
    MessageProcessor processor,
    ConsumerStates states,
    ILogger<QueueConsumerService> logger) : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        states.Expect(queue);
        var backoff = TimeSpan.FromMilliseconds(500);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ConsumeUntilLostAsync(stoppingToken);
                backoff = TimeSpan.FromMilliseconds(500);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                LogConsumerFailed(ex, queue, backoff.TotalMilliseconds);
            }
            finally
            {
                states.Set(queue, false);
            }

            try
            {
                await Task.Delay(backoff, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }
    }

    private async Task ConsumeUntilLostAsync(CancellationToken stoppingToken)
    {
        await using var connection = await connections.ConnectAsync(queue, stoppingToken);
        await topology.EnsureAsync(connection, stoppingToken);

        // Dead-letter copies are published with confirms, so the original is acknowledged only once the copy is safe.
        await using var publisher = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            stoppingToken);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: false, publisherConfirmationTrackingEnabled: false, consumerDispatchConcurrency: prefetch),
            stoppingToken);
        await channel.BasicQosAsync(prefetchSize: 0, prefetchCount: prefetch, global: false, stoppingToken);

        var lost = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.ConnectionShutdownAsync += (_, args) => Lost(lost, "connection closed: " + args.ReplyText);
        channel.ChannelShutdownAsync += (_, args) => Lost(lost, "channel closed: " + args.ReplyText);
        publisher.ChannelShutdownAsync += (_, args) => Lost(lost, "publisher channel closed: " + args.ReplyText);

        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) => processor.ProcessAsync(queue, channel, publisher, delivery, stoppingToken);
        consumer.UnregisteredAsync += (_, _) => Lost(lost, "subscription cancelled by the broker");

        await channel.BasicConsumeAsync(queue, autoAck: false, consumer, stoppingToken);
        states.Set(queue, true);
        LogConsuming(queue, prefetch);

        var reason = await lost.Task.WaitAsync(stoppingToken);
        LogConsumerLost(queue, reason);
    }

    private static Task Lost(TaskCompletionSource<string> lost, string reason)
    {
        lost.TrySetResult(reason);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Consuming {Queue} with prefetch {Prefetch}")]
    private partial void LogConsuming(string queue, int prefetch);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the consumer of {Queue} ({Reason}); reconnecting")]
    private partial void LogConsumerLost(string queue, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consumer of {Queue} failed; retrying in {BackoffMs} ms")]
    private partial void LogConsumerFailed(Exception exception, string queue, double backoffMs);
}
