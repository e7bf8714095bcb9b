namespace Arrakis.Infrastructure.Redis;

/// <summary>
/// Requests for one Redis script that arrive while its previous call is in flight go together in the next call
/// (ADR 0033). Idle, a request is sent at once; under load one round trip carries many messages' requests. No
/// timer: a batch is whatever queued during one round trip, so it never waits longer than that.
/// </summary>
/// <param name="send">Sends a batch and returns one reply per request, in order.</param>
/// <param name="maxBatch">The most requests in one call: bounds the time one script holds Redis.</param>
internal sealed class RedisBatch<TRequest, TReply>(Func<IReadOnlyList<TRequest>, Task<TReply[]>> send, int maxBatch = RedisBatch<TRequest, TReply>.DefaultMaxBatch)
{
    /// <summary>A script over this many keys holds Redis for well under a millisecond.</summary>
    public const int DefaultMaxBatch = 256;

    private readonly Lock _gate = new();
    private List<Waiter> _queued = [];
    private bool _sending;

    public Task<TReply> SendAsync(TRequest request)
    {
        var waiter = new Waiter(request);
        lock (_gate)
        {
            _queued.Add(waiter);
            if (_sending)
            {
                return waiter.Reply.Task;
            }

            _sending = true;
        }

        _ = SendQueuedAsync();
        return waiter.Reply.Task;
    }

    /// <summary>
    /// Sends until nothing is queued; one call in flight at a time. Never throws: each waiter gets its batch's fate.
    /// When a call returns, the next batch goes out before this one's callers resume, and they resume here, one after
    /// another, instead of each being handed to the thread pool (docs/benchmarks.md, fifth look): the thread hand-offs
    /// cost more than the callers' few microseconds each until their next wait.
    /// </summary>
    private async Task SendQueuedAsync()
    {
        var batch = Take()!;
        var inFlight = Send(batch);
        while (true)
        {
            TReply[]? replies = null;
            Exception? failure = null;
            try
            {
                replies = await inFlight;
                if (replies.Length != batch.Count)
                {
                    throw new InvalidOperationException($"A batch of {batch.Count} requests got {replies.Length} replies.");
                }
            }
            catch (Exception ex)
            {
                failure = ex;
            }

            var next = Take();
            var nextInFlight = next is null ? null : Send(next);
            for (var i = 0; i < batch.Count; i++)
            {
                if (failure is null)
                {
                    batch[i].Reply.TrySetResult(replies![i]);
                }
                else
                {
                    batch[i].Reply.TrySetException(failure);
                }
            }

            if (next is null)
            {
                return;
            }

            (batch, inFlight) = (next, nextInFlight!);
        }
    }

    /// <summary>The next batch in arrival order, or null (and no longer sending) when nothing is queued.</summary>
    private List<Waiter>? Take()
    {
        lock (_gate)
        {
            if (_queued.Count == 0)
            {
                _sending = false;
                return null;
            }

            List<Waiter> batch;
            if (_queued.Count <= maxBatch)
            {
                (batch, _queued) = (_queued, []);
            }
            else
            {
                batch = _queued.GetRange(0, maxBatch);
                _queued.RemoveRange(0, maxBatch);
            }

            return batch;
        }
    }

    // A send that throws at once fails its batch like one that fails later.
    private Task<TReply[]> Send(List<Waiter> batch)
    {
        try
        {
            return send(batch.ConvertAll(w => w.Request));
        }
        catch (Exception ex)
        {
            return Task.FromException<TReply[]>(ex);
        }
    }

    private sealed class Waiter(TRequest request)
    {
        public TRequest Request { get; } = request;

        // Synchronous continuations: the caller resumes on the sending loop, after the next call went out.
        public TaskCompletionSource<TReply> Reply { get; } = new();
    }
}
