using System.Diagnostics;
using System.Text;

namespace Arrakis.Infrastructure.Messaging;

/// <summary>
/// One delivery's consumer span (OpenTelemetry messaging conventions) and its measurements. The span continues a W3C
/// <c>traceparent</c> from the AMQP headers, so the application's command span and the Discord and Redis spans below
/// it join the publisher's trace. Its attributes are queue, routing key, ids and outcome: never a body or a token.
/// </summary>
internal sealed class MessageTrace : IDisposable
{
    public const string SourceName = "Arrakis.Messaging";

    internal static readonly ActivitySource Source = new(SourceName);

    private readonly MessagingMetrics _metrics;
    private readonly string _queue;
    private readonly TimeProvider _clock;
    private readonly long _started;
    private string _eventType = "unknown";
    private string? _outcome;

    private MessageTrace(MessagingMetrics metrics, string queue, TimeProvider clock, Activity? activity)
    {
        _metrics = metrics;
        _queue = queue;
        _clock = clock;
        _started = clock.GetTimestamp();
        Activity = activity;
    }

    public Activity? Activity { get; }

    public static MessageTrace Start(MessagingMetrics metrics, TimeProvider clock, string queue, Delivery delivery, int attempt)
    {
        var parent = ParentOf(delivery.Properties.Headers);
        var activity = Source.StartActivity("process " + queue, ActivityKind.Consumer, parent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.system", "rabbitmq");
            activity.SetTag("messaging.operation.type", "process");
            activity.SetTag("messaging.operation.name", "process");
            activity.SetTag("messaging.destination.name", queue);
            activity.SetTag("messaging.rabbitmq.destination.routing_key", delivery.RoutingKey);
            activity.SetTag("messaging.rabbitmq.message.delivery_tag", (long)delivery.DeliveryTag);
            activity.SetTag("messaging.message.body.size", delivery.Body.Length);
            activity.SetTag("arrakis.attempt", attempt);
            if (delivery.Properties.MessageId is { } messageId)
            {
                activity.SetTag("messaging.message.id", messageId);
            }

            if (delivery.Redelivered)
            {
                activity.SetTag("arrakis.redelivered", true);
            }
        }

        return new MessageTrace(metrics, queue, clock, activity);
    }

    /// <summary>The body was read against the contract: its event type (a contract name, never free text) tags what follows.</summary>
    public void Read(string eventId, string eventType)
    {
        _eventType = eventType;
        Activity?.SetTag("arrakis.event.id", eventId);
        Activity?.SetTag("arrakis.event.type", eventType);
    }

    /// <summary>The message was acknowledged: counted once, and the span says how.</summary>
    public void Settled(string outcome)
    {
        _outcome = outcome;
        _metrics.Settled(_queue, outcome, _eventType);
        Activity?.SetTag("arrakis.outcome", outcome);
    }

    /// <param name="code">A failure code of ours (not-json, timeout, a Result error code): never the error's message.</param>
    public void Failed(string code)
    {
        Activity?.SetTag("error.type", code);
        Activity?.SetStatus(ActivityStatusCode.Error, code);
    }

    public void Dispose()
    {
        // Unsettled: abandoned at shutdown, or the settlement failed; the broker redelivers it.
        var outcome = _outcome ?? "unsettled";
        _metrics.Processed(_queue, outcome, _eventType, _clock.GetElapsedTime(_started));
        if (_outcome is null)
        {
            Activity?.SetTag("arrakis.outcome", outcome);
        }

        Activity?.Dispose();
    }

    /// <summary>The publisher's context from <c>traceparent</c>/<c>tracestate</c>; AMQP delivers header strings as bytes.</summary>
    internal static ActivityContext ParentOf(IDictionary<string, object?>? headers)
    {
        if (headers is null)
        {
            return default;
        }

        DistributedContextPropagator.Current.ExtractTraceIdAndState(headers, ReadHeader, out var traceParent, out var traceState);
        return ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var context) ? context : default;
    }

    private static void ReadHeader(object? carrier, string name, out string? value, out IEnumerable<string>? values)
    {
        values = null;
        value = carrier is IDictionary<string, object?> headers && headers.TryGetValue(name, out var raw)
            ? raw switch
            {
                byte[] bytes => Encoding.UTF8.GetString(bytes),
                string text => text,
                _ => null,
            }
            : null;
    }
}
