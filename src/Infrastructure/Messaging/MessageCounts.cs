namespace Arrakis.Infrastructure.Messaging;

/// <summary>Messages settled since this process started, by outcome: the counts <c>/health</c> shows.</summary>
public sealed class MessageCounts
{
    private long _handled;
    private long _retried;
    private long _deadLettered;
    private long _dropped;

    /// <summary>Acknowledged after their work (or as an already-handled redelivery).</summary>
    public long Handled => Interlocked.Read(ref _handled);

    public long Retried => Interlocked.Read(ref _retried);

    public long DeadLettered => Interlocked.Read(ref _deadLettered);

    /// <summary>Interactions acknowledged unprocessed because Discord's window had passed.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    internal void Add(string outcome)
    {
        switch (outcome)
        {
            case "ack":
                Interlocked.Increment(ref _handled);
                break;
            case "retry":
                Interlocked.Increment(ref _retried);
                break;
            case "dead-letter":
                Interlocked.Increment(ref _deadLettered);
                break;
            case "expired":
                Interlocked.Increment(ref _dropped);
                break;
        }
    }
}
