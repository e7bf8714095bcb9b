using System.Collections.Concurrent;

namespace Arrakis.Infrastructure.Messaging;

/// <summary>
/// Message ids this process is handling or finished recently. When a channel or the broker goes away between
/// the end of the work and the acknowledgement, or while the work is still running, the broker redelivers the
/// message (flagged redelivered): this lets the worker wait for the first run and acknowledge the copy without
/// doing the work twice. Idempotency in Redis covers redeliveries to other workers; this covers one worker
/// losing its channel or its broker, with no round trip. Bounded in size and age (docs/adr/0013): a redelivery
/// after a lost channel comes within seconds of the reconnection, and Redis catches any later one, so a small
/// window is enough. 100,000 ids for 30 minutes filled over the soak's first half hour: a gcdump showed one entry per
/// message, about 150 B each with its id, so about 15 MB at the cap.
/// </summary>
internal sealed class CompletedMessages(TimeProvider clock)
{
    /// <summary>About 3 MB of ids; 20 s of traffic at 1,000 messages/s, 7 minutes at 50/s.</summary>
    internal const int Capacity = 20_000;
    private static readonly TimeSpan Retention = TimeSpan.FromMinutes(10);

    // Only a redelivery ever asks, and rarely: it polls, so that the common path allocates nothing per message.
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    private readonly ConcurrentDictionary<string, long> _completedAt = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _running = new(StringComparer.Ordinal);

    // Ids in the order they were added, each with the time it was added then: pruning takes the oldest from the front
    // instead of sorting the whole table (which, every 2,000 messages, cost about 2 % of the worker's processor time).
    private readonly ConcurrentQueue<(string Id, long At)> _order = new();

    // ConcurrentDictionary.Count takes every lock of the table, and the table's locks multiply as it grows: asked on
    // every message, it cost about 4 % of the worker's processor time. An approximate count of our own is enough.
    private int _count;

    public void Start(string messageId) => _running[messageId] = true;

    /// <summary>Ends a run started with <see cref="Start"/>, whatever its outcome.</summary>
    public void Finish(string messageId) => _running.TryRemove(messageId, out _);

    /// <summary>Completes when no run of this id is in progress here.</summary>
    public async Task WhenNotRunningAsync(string messageId, CancellationToken cancellationToken)
    {
        while (_running.ContainsKey(messageId))
        {
            await Task.Delay(Poll, clock, cancellationToken);
        }
    }

    public void Add(string messageId)
    {
        var now = clock.GetTimestamp();
        _order.Enqueue((messageId, now));
        if (!_completedAt.TryAdd(messageId, now))
        {
            _completedAt[messageId] = now;
        }
        else if (Interlocked.Increment(ref _count) > Capacity)
        {
            Prune();
        }
    }

    /// <summary>Ids remembered now (for tests and the bound).</summary>
    internal int Count => _completedAt.Count;

    public bool Contains(string messageId) =>
        _completedAt.TryGetValue(messageId, out var at) && clock.GetElapsedTime(at) < Retention;

    private void Prune()
    {
        // Oldest first until a tenth of the room is free. An entry whose id was added again since is stale: the id
        // goes when its newer entry reaches the front.
        while (Volatile.Read(ref _count) > Capacity * 9 / 10 && _order.TryDequeue(out var oldest))
        {
            if (_completedAt.TryGetValue(oldest.Id, out var at) && at == oldest.At
                && _completedAt.TryRemove(new KeyValuePair<string, long>(oldest.Id, at)))
            {
                Interlocked.Decrement(ref _count);
            }
        }
    }
}
