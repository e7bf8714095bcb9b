namespace Arrakis.Infrastructure.Messaging;

/// <summary>
/// Which deliveries of one channel to acknowledge now, and how (docs/adr/0015). Settled deliveries that follow every
/// earlier delivery of the channel go out as one <c>basic.ack</c> with <c>multiple</c>; a settled delivery behind one
/// still being handled waits for it, but only briefly and only a few at a time, then goes out alone, so a slow
/// message never holds the prefetch window. Not thread-safe: <see cref="Acknowledgements"/> locks around it.
/// </summary>
internal sealed class AckLedger(TimeSpan maxWait, int maxWaiting)
{
    // Delivery tags in the order the channel delivered them (ascending), until acknowledged.
    private readonly Queue<ulong> _unacked = new();

    // Settled, not yet acknowledged: tag → when it was settled.
    private readonly Dictionary<ulong, TimeSpan> _settled = [];

    // Acknowledged alone while an earlier delivery was still being handled; still in _unacked until the prefix passes.
    private readonly HashSet<ulong> _ackedAlone = [];

    public void Delivered(ulong tag) => _unacked.Enqueue(tag);

    public void Settled(ulong tag, TimeSpan now) => _settled[tag] = now;

    /// <summary>The acknowledgements due at <paramref name="now"/>; the ledger counts them as sent.</summary>
    public AckPlan Take(TimeSpan now)
    {
        var covered = new List<ulong>();
        while (_unacked.TryPeek(out var head))
        {
            if (_ackedAlone.Remove(head))
            {
                _unacked.Dequeue();
            }
            else if (_settled.Remove(head))
            {
                _unacked.Dequeue();
                covered.Add(head);
            }
            else
            {
                break;
            }
        }

        // What is left lies behind a delivery still being handled.
        List<ulong> alone = [];
        TimeSpan? nextDue = null;
        if (_settled.Count > 0)
        {
            var oldest = _settled.Values.Min();
            if (_settled.Count >= maxWaiting || now - oldest >= maxWait)
            {
                alone.AddRange(_settled.Keys.Order());
                _ackedAlone.UnionWith(alone);
                _settled.Clear();
            }
            else
            {
                nextDue = oldest + maxWait;
            }
        }

        return new AckPlan(covered, alone, nextDue);
    }
}

/// <param name="Covered">Settled deliveries acknowledged by one <c>multiple</c> acknowledgement of the last of them.</param>
/// <param name="Alone">Settled deliveries acknowledged one by one.</param>
/// <param name="NextDue">When deliveries now waiting fall due, if any wait.</param>
internal sealed record AckPlan(IReadOnlyList<ulong> Covered, IReadOnlyList<ulong> Alone, TimeSpan? NextDue);
