using System.Globalization;
using System.Text;
using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Domain.Discord;
using Arrakis.Infrastructure.Discord;
using Arrakis.Infrastructure.Messaging.Wire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace Arrakis.Infrastructure.Messaging;

/// <summary>
/// One delivery, start to finish: read it against the contract, dispatch it in a scope of its own, and settle
/// it (docs/adr/0012). A message is acknowledged only after its work is done, or after its retry or
/// dead-letter copy is confirmed by the broker; it is never requeued to the head of its queue.
/// </summary>
internal sealed partial class MessageProcessor(
    IServiceScopeFactory scopes,
    IOptions<ProcessingOptions> processingOptions,
    IOptions<ConsumerOptions> consumerOptions,
    IOptions<RabbitMqOptions> brokerOptions,
    IOptions<DiscordOptions> discordOptions,
    CompletedMessages completed,
    MessagingMetrics metrics,
    TimeProvider clock,
    ILogger<MessageProcessor> logger)
{
    private const int MaxErrorLength = 1000;

    // A broker that blocks publishers (memory or disk alarm) must not hold a delivery forever.
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(30);

    /// <param name="abandon">Cancelled when the worker stops waiting for in-flight work: the message is left unsettled and returns to the queue.</param>
    public async Task ProcessAsync(ConsumerSession session, Delivery delivery, CancellationToken abandon)
    {
        var attempt = AttemptOf(delivery.Properties);
        using var trace = MessageTrace.Start(metrics, clock, session.Queue, delivery, attempt);
        await ProcessAsync(session, delivery, attempt, trace, abandon);
    }

    private async Task ProcessAsync(ConsumerSession session, Delivery delivery, int attempt, MessageTrace trace, CancellationToken abandon)
    {
        var read = WireMessageReader.Read(delivery.Body, processingOptions.Value.MaxMessageBytes);
        if (!read.IsValid)
        {
            // The reason can quote the body (an unknown event type): whoever sent it, our bot token stays out.
            var reason = Redact(read.FailureReason!, token: null);
            LogRejected(session.Queue, delivery.Properties.MessageId, read.FailureCode!, reason);
            trace.Failed(read.FailureCode!);
            await DeadLetterAsync(session, delivery, trace, read.FailureCode!, reason, exceptionType: null, attempt);
            return;
        }

        var eventId = read.EventId!;
        trace.Read(eventId, read.EventType!);
        if (delivery.Redelivered)
        {
            // The first delivery may still be running here, on a channel that has since closed: let it finish.
            try
            {
                await completed.WhenNotRunningAsync(eventId, abandon);
            }
            catch (OperationCanceledException) when (abandon.IsCancellationRequested)
            {
                return;
            }

            if (completed.Contains(eventId))
            {
                // Done before the broker lost our acknowledgement: acknowledge, do not do it again.
                LogAlreadyDone(session.Queue, eventId, read.EventType!);
                await AckAsync(session, delivery, trace, "ack");
                return;
            }
        }

        if (read.Interaction is { } interaction && Expired(interaction, attempt, delivery.Redelivered) is { } window)
        {
            LogExpired(session.Queue, eventId, interaction.EventType, interaction.InteractionId, window, attempt);
            metrics.InteractionExpired(window);
            await AckAsync(session, delivery, trace, "expired");
            return;
        }

        completed.Start(eventId);
        try
        {
            await HandleAsync(session, delivery, trace, read, attempt, abandon);
        }
        finally
        {
            completed.Finish(eventId);
        }
    }

    private async Task HandleAsync(ConsumerSession session, Delivery delivery, MessageTrace trace, WireReadResult read, int attempt, CancellationToken abandon)
    {
        var eventId = read.EventId!;
        var (result, exceptionType) = await DispatchAsync(read, attempt, abandon);
        if (result is null)
        {
            return; // Abandoned at shutdown: the channel closes and the broker requeues it.
        }

        if (result.IsSuccess)
        {
            completed.Add(eventId);
            LogHandled(session.Queue, eventId, read.EventType!, attempt);
            await AckAsync(session, delivery, trace, "ack");
            return;
        }

        var error = Redact(result.Error!.Message, read.Interaction?.Token);
        trace.Failed(result.Error.Code);
        if (result.Kind == ResultKind.TransientFailure && attempt < consumerOptions.Value.MaxAttempts)
        {
            var delay = consumerOptions.Value.RetryDelays[attempt - 1];
            LogRetrying(session.Queue, eventId, read.EventType!, attempt, result.Error.Code, error, delay.TotalMilliseconds);
            await RetryLaterAsync(session, delivery, trace, attempt, delay);
            return;
        }

        LogDeadLettering(session.Queue, eventId, read.EventType!, attempt, result.Kind, result.Error.Code, error);
        await DeadLetterAsync(session, delivery, trace, result.Error.Code, error, exceptionType, attempt);
    }

    /// <summary>Failure messages go to logs and headers: no secret of ours may ride along, whoever wrote the message.</summary>
    private string Redact(string message, InteractionToken? token)
    {
        foreach (var secret in new[] { token?.Reveal(), discordOptions.Value.BotToken })
        {
            if (!string.IsNullOrEmpty(secret) && message.Contains(secret, StringComparison.Ordinal))
            {
                message = message.Replace(secret, "[redacted]", StringComparison.Ordinal);
            }
        }

        return message;
    }

    private async Task<(Result? Result, string? ExceptionType)> DispatchAsync(WireReadResult read, int attempt, CancellationToken abandon)
    {
        var timeoutMs = processingOptions.Value.ProcessingTimeoutMs;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(abandon);
        timeout.CancelAfter(timeoutMs);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var dispatcher = scope.ServiceProvider.GetRequiredService<IMessageDispatcher>();
            var dispatch = read.GuildEvent is { } guildEvent
                ? dispatcher.DispatchAsync(guildEvent with { Attempt = attempt }, timeout.Token)
                : dispatcher.DispatchAsync(read.Interaction! with { Attempt = attempt }, timeout.Token);
            // WaitAsync: a handler that ignores its token still loses the message once the time is up.
            var result = dispatch.IsCompletedSuccessfully ? dispatch.Result : await dispatch.AsTask().WaitAsync(timeout.Token);
            return (result, null);
        }
        catch (OperationCanceledException) when (abandon.IsCancellationRequested)
        {
            return (null, null);
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested)
        {
            return (Result.Transient("timeout", $"Processing took longer than {timeoutMs} ms."), ex.GetType().FullName);
        }
        catch (Exception ex)
        {
            return (Result.Transient("exception", ex.Message), ex.GetType().FullName);
        }
    }

    /// <summary>Past 15 minutes nothing can answer; past 3 s a first delivery cannot (a retry may still edit its deferral).</summary>
    private string? Expired(InteractionInput interaction, int attempt, bool redelivered) =>
        InteractionWindow.Classify(interaction.InteractionId, clock.GetUtcNow()) switch
        {
            InteractionAge.TokenExpired => "token",
            // A redelivery may have been deferred before the worker lost its channel: the acknowledgement behavior decides.
            InteractionAge.TooLateToAnswer when attempt == 1 && !redelivered => "initial-response",
            _ => null,
        };

    private async Task RetryLaterAsync(ConsumerSession session, Delivery delivery, MessageTrace trace, int attempt, TimeSpan delay)
    {
        var headers = CopyHeaders(delivery);
        headers[RetryQueues.AttemptHeader] = attempt + 1;
        headers.TryAdd(DeadLetterHeaders.OriginalRoutingKey, delivery.RoutingKey);
        await PublishThenAckAsync(session, delivery, trace, "", RetryQueues.Name(session.Queue, delay), headers, "retry");
    }

    private async Task DeadLetterAsync(
        ConsumerSession session, Delivery delivery, MessageTrace trace, string reason, string error, string? exceptionType, int attempt)
    {
        var headers = CopyHeaders(delivery);
        headers[DeadLetterHeaders.Reason] = reason;
        headers[DeadLetterHeaders.Error] = error.Length > MaxErrorLength ? error[..MaxErrorLength] : error;
        headers[DeadLetterHeaders.Attempts] = attempt;
        headers[DeadLetterHeaders.OriginalQueue] = session.Queue;
        headers.TryAdd(DeadLetterHeaders.OriginalRoutingKey, delivery.RoutingKey);
        headers[DeadLetterHeaders.FailedAt] = clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        if (exceptionType is not null)
        {
            headers[DeadLetterHeaders.ExceptionType] = exceptionType;
        }

        await PublishThenAckAsync(session, delivery, trace, brokerOptions.Value.DeadLetterExchange, ContractTopology.DeadLetterRoutingKey, headers, "dead-letter");
    }

    private async Task PublishThenAckAsync(
        ConsumerSession session, Delivery delivery, MessageTrace trace, string exchange, string routingKey,
        Dictionary<string, object?> headers, string outcome)
    {
        var source = delivery.Properties;
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
            // Confirmed (and routed: mandatory) before the original is acknowledged: at worst a duplicate, never a loss.
            using var timeout = new CancellationTokenSource(PublishTimeout);
            await session.Publisher.BasicPublishAsync(exchange, routingKey, mandatory: true, properties, delivery.Body, timeout.Token);
        }
        catch (Exception ex)
        {
            // Unacknowledged, the original returns to the queue when the rebuilt session replaces this channel.
            LogCopyFailed(ex, outcome, session.Queue, source.MessageId);
            session.Fail($"could not publish a {outcome} copy");
            return;
        }

        await AckAsync(session, delivery, trace, outcome);
    }

    private async Task AckAsync(ConsumerSession session, Delivery delivery, MessageTrace trace, string outcome)
    {
        try
        {
            await session.Acks.AckAsync(delivery.DeliveryTag);
            trace.Settled(outcome);
        }
        catch (Exception ex)
        {
            // The channel is gone: the broker redelivers the message, and CompletedMessages recognises it.
            LogAckFailed(ex, session.Queue, delivery.Properties.MessageId);
        }
    }

    private static Dictionary<string, object?> CopyHeaders(Delivery delivery) =>
        delivery.Properties.Headers is { } headers
            ? new Dictionary<string, object?>(headers, StringComparer.Ordinal)
            : new Dictionary<string, object?>(StringComparer.Ordinal);

    internal static int AttemptOf(IReadOnlyBasicProperties properties)
    {
        var value = properties.Headers is { } headers && headers.TryGetValue(RetryQueues.AttemptHeader, out var raw) ? raw : null;
        var attempt = value switch
        {
            int i => i,
            long l when l is > 0 and < int.MaxValue => (int)l,
            byte[] text when int.TryParse(Encoding.UTF8.GetString(text), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => 1,
        };
        return Math.Max(attempt, 1);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected a message from {Queue} (message id {MessageId}): {Code}: {Reason}")]
    private partial void LogRejected(string queue, string? messageId, string code, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Queue} event {EventId} ({EventType}) handled on attempt {Attempt}")]
    private partial void LogHandled(string queue, string eventId, string eventType, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Queue} event {EventId} ({EventType}) was redelivered after it was handled; acknowledged without handling it again")]
    private partial void LogAlreadyDone(string queue, string eventId, string eventType);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "{Queue} event {EventId} ({EventType}) dropped: interaction {InteractionId} is past Discord's {Window} window on attempt {Attempt}")]
    private partial void LogExpired(string queue, string eventId, string eventType, Snowflake interactionId, string window, int attempt);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "{Queue} event {EventId} ({EventType}) failed on attempt {Attempt} ({Code}: {Error}); retrying in {DelayMs} ms")]
    private partial void LogRetrying(string queue, string eventId, string eventType, int attempt, string code, string error, double delayMs);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "{Queue} event {EventId} ({EventType}) dead-lettered after attempt {Attempt}: {Outcome} {Code}: {Error}")]
    private partial void LogDeadLettering(string queue, string eventId, string eventType, int attempt, ResultKind outcome, string code, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not publish the {Outcome} copy of a message from {Queue} (message id {MessageId}); it stays on the broker")]
    private partial void LogCopyFailed(Exception exception, string outcome, string queue, string? messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not acknowledge a message from {Queue} (message id {MessageId}); the broker will redeliver it")]
    private partial void LogAckFailed(Exception exception, string queue, string? messageId);
}
