using System.Diagnostics.Metrics;

namespace Arrakis.Infrastructure.Messaging;

/// <summary>The queue adapter's instruments, on the "Arrakis.Worker" meter that OpenTelemetry exports (docs/telemetry.md).</summary>
internal sealed class MessagingMetrics
{
    public const string MeterName = "Arrakis.Worker";
    public const string ExpiredInteractions = "arrakis.interactions.expired";
    public const string Outcomes = "arrakis.messages.outcomes";
    public const string Duration = "arrakis.messages.duration";
    public const string ConsumersActive = "arrakis.consumers.active";

    private readonly Counter<long> _expired;
    private readonly Counter<long> _outcomes;
    private readonly Histogram<double> _duration;
    private readonly MessageCounts _counts;

    public MessagingMetrics(IMeterFactory meters, ConsumerStates states, MessageCounts counts)
    {
        _counts = counts;
        var meter = meters.Create(MeterName);
        _expired = meter.CreateCounter<long>(ExpiredInteractions, "{interaction}", "Interactions dropped unprocessed because Discord's window had passed.");
        _outcomes = meter.CreateCounter<long>(Outcomes, "{message}", "Messages settled, by queue, event type and outcome.");
        _duration = meter.CreateHistogram<double>(Duration, "s", "Time from taking a delivery to settling it, by queue, event type and outcome.");
        meter.CreateObservableGauge(
            ConsumersActive,
            () => states.Snapshot.Select(p => new Measurement<int>(p.Value ? 1 : 0, new KeyValuePair<string, object?>("queue", p.Key))),
            "{consumer}",
            "Queue consumers subscribed right now (1) or not (0), per queue.");
    }

    /// <param name="window">"initial-response" (past 3 s) or "token" (past 15 minutes).</param>
    public void InteractionExpired(string window) => _expired.Add(1, new KeyValuePair<string, object?>("window", window));

    /// <param name="outcome">ack, retry, dead-letter, expired.</param>
    /// <param name="eventType">The contract's event type, or "unknown" when the body could not be read.</param>
    public void Settled(string queue, string outcome, string eventType)
    {
        _counts.Add(outcome);
        _outcomes.Add(1, Tag("queue", queue), Tag("outcome", outcome), Tag("event.type", eventType));
    }

    public void Processed(string queue, string outcome, string eventType, TimeSpan elapsed) =>
        _duration.Record(elapsed.TotalSeconds, Tag("queue", queue), Tag("outcome", outcome), Tag("event.type", eventType));

    private static KeyValuePair<string, object?> Tag(string name, object? value) => new(name, value);
}
