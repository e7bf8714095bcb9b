using System.Globalization;
using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Infrastructure.Messaging.Wire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Arrakis.Infrastructure.Messaging;

/// <summary>
/// One delivery, start to finish: read it against the contract, dispatch it in a scope of its own, and
/// settle it. A message is acknowledged only after its work is done or its dead-letter copy is confirmed.
/// </summary>
internal sealed partial class MessageProcessor(
    IServiceScopeFactory scopes,
    IOptions<ProcessingOptions> processingOptions,
    IOptions<RabbitMqOptions> brokerOptions,
    TimeProvider clock,
    ILogger<MessageProcessor> logger)
{
    public async Task ProcessAsync(string queue, IChannel channel, IChannel publisher, BasicDeliverEventArgs delivery, CancellationToken stopping)
    {
        var read = WireMessageReader.Read(delivery.Body.Span, processingOptions.Value.MaxMessageBytes);
        if (!read.IsValid)
        {
            LogRejected(queue, delivery.BasicProperties.MessageId, read.FailureCode!, read.FailureReason!);
            await DeadLetterAsync(queue, channel, publisher, delivery, read.FailureCode!, read.FailureReason!, exceptionType: null, stopping);
            return;
        }

        Result result;
        string? exceptionType = null;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(processingOptions.Value.ProcessingTimeoutMs);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var dispatcher = scope.ServiceProvider.GetRequiredService<IMessageDispatcher>();
            result = read.GuildEvent is { } guildEvent
                ? await dispatcher.DispatchAsync(guildEvent, timeout.Token)
                : await dispatcher.DispatchAsync(read.Interaction!, timeout.Token);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Shutting down: leave it unacknowledged, closing the channel returns it to the queue.
            return;
        }
        catch (OperationCanceledException ex)
        {
            exceptionType = ex.GetType().FullName;
            result = Result.Transient("timeout", $"Processing took longer than {processingOptions.Value.ProcessingTimeoutMs} ms.");
        }
        catch (Exception ex)
        {
            exceptionType = ex.GetType().FullName;
            result = Result.Transient("exception", ex.Message);
        }

        LogOutcome(queue, read.EventId!, read.EventType!, result.Kind, result.Error?.Code);
        if (result.IsSuccess)
        {
            await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, CancellationToken.None);
            return;
        }

        await DeadLetterAsync(queue, channel, publisher, delivery, result.Error!.Code, result.Error.Message, exceptionType, stopping);
    }

    private async Task DeadLetterAsync(
        string queue, IChannel channel, IChannel publisher, BasicDeliverEventArgs delivery,
        string reason, string error, string? exceptionType, CancellationToken stopping)
    {
        var source = delivery.BasicProperties;
        var headers = source.Headers is null
            ? new Dictionary<string, object?>(StringComparer.Ordinal)
            : new Dictionary<string, object?>(source.Headers, StringComparer.Ordinal);
        headers[DeadLetterHeaders.Reason] = reason;
        headers[DeadLetterHeaders.Error] = error;
        headers[DeadLetterHeaders.Attempts] = 1;
        headers[DeadLetterHeaders.OriginalQueue] = queue;
        headers[DeadLetterHeaders.OriginalRoutingKey] = delivery.RoutingKey;
        headers[DeadLetterHeaders.FailedAt] = clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        if (exceptionType is not null)
        {
            headers[DeadLetterHeaders.ExceptionType] = exceptionType;
        }

        var properties = new BasicProperties
        {
            ContentType = source.ContentType,
            DeliveryMode = DeliveryModes.Persistent,
            MessageId = source.MessageId,
            Timestamp = source.Timestamp,
            Priority = source.Priority,
            Headers = headers,
        };

        try
        {
            var o = brokerOptions.Value;
            await publisher.BasicPublishAsync(o.DeadLetterExchange, ContractTopology.DeadLetterRoutingKey, mandatory: true, properties, delivery.Body, stopping);
            await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            // Not acknowledged: the broker keeps the original and redelivers it when this channel closes.
            LogDeadLetterFailed(ex, queue, source.MessageId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected a message from {Queue} (message id {MessageId}): {Code}: {Reason}")]
    private partial void LogRejected(string queue, string? messageId, string code, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Queue} event {EventId} ({EventType}): {Outcome} {Code}")]
    private partial void LogOutcome(string queue, string eventId, string eventType, ResultKind outcome, string? code);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not dead-letter a message from {Queue} (message id {MessageId}); it stays on the broker")]
    private partial void LogDeadLetterFailed(Exception exception, string queue, string? messageId);
}
