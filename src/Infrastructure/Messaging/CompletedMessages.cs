using System.Collections.Concurrent;

namespace Arrakis.Infrastructure.Messaging;

/// <summary>
/// Message ids this process finished recently. When the broker goes away between the end of the work and
/// the acknowledgement, it redelivers the message (flagged redelivered): this lets the worker acknowledge it
/// without doing the work twice. Idempotency in Redis covers redeliveries to other workers; this covers
/// the common case of one worker and a broker restart, with no round trip. Bounded in size and age.
/// </summary>
internal sealed class CompletedMessages(TimeProvider clock)
{
    private const int Capacity = 100_000;
    private static readonly TimeSpan Retention = TimeSpan.FromMinutes(30);

    private readonly ConcurrentDictionary<string, long> _completedAt = new(StringComparer.Ordinal);

    public void Add(string messageId)
    {
        _completedAt[messageId] = clock.GetTimestamp();
        if (_completedAt.Count > Capacity)
        {
            Prune();
        }
    }

    public bool Contains(string messageId) =>
        _completedAt.TryGetValue(messageId, out var at) && clock.GetElapsedTime(at) < Retention;

    private void Prune()
    {
        // Oldest first until a tenth of the room is free: pruning is rare and never on a hot path twice in a row.
        foreach (var (id, _) in _completedAt.OrderBy(p => p.Value).Take(_completedAt.Count - (Capacity * 9 / 10)))
        {
            _completedAt.TryRemove(id, out _);
        }
    }
}
