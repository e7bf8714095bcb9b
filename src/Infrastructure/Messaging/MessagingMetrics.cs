using System.Diagnostics.Metrics;

namespace Arrakis.Infrastructure.Messaging;

/// <summary>The queue adapter's instruments, on the "Arrakis.Worker" meter that OpenTelemetry will export.</summary>
internal sealed class MessagingMetrics
{
    public const string MeterName = "Arrakis.Worker";
    public const string ExpiredInteractions = "arrakis.interactions.expired";
    public const string Outcomes = "arrakis.messages.outcomes";

    private readonly Counter<long> _expired;
    private readonly Counter<long> _outcomes;

    public MessagingMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _expired = meter.CreateCounter<long>(ExpiredInteractions, "{interaction}", "Interactions dropped unprocessed because Discord's window had passed.");
        _outcomes = meter.CreateCounter<long>(Outcomes, "{message}", "Messages settled, by queue and outcome.");
    }

    /// <param name="window">"initial-response" (past 3 s) or "token" (past 15 minutes).</param>
    public void InteractionExpired(string window) => _expired.Add(1, new KeyValuePair<string, object?>("window", window));

    /// <param name="outcome">ack, retry, dead-letter, expired.</param>
    public void Settled(string queue, string outcome) =>
        _outcomes.Add(1, new KeyValuePair<string, object?>("queue", queue), new KeyValuePair<string, object?>("outcome", outcome));
}
