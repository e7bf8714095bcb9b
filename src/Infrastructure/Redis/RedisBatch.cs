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

    /// <summary>Sends until nothing is queued; one call in flight at a time. Never throws: each waiter gets its batch's fate.</summary>
    private async Task SendQueuedAsync()
    {
        while (true)
        {
            List<Waiter> batch;
            lock (_gate)
            {
                if (_queued.Count == 0)
                {
                    _sending = false;
                    return;
                }

                if (_queued.Count <= maxBatch)
                {
                    (batch, _queued) = (_queued, []);
                }
                else
                {
                    batch = _queued.GetRange(0, maxBatch);
                    _queued.RemoveRange(0, maxBatch);
                }
            }

            try
            {
                var replies = await send(batch.ConvertAll(w => w.Request));
                if (replies.Length != batch.Count)
                {
                    throw new InvalidOperationException($"A batch of {batch.Count} requests got {replies.Length} replies.");
                }

                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Reply.TrySetResult(replies[i]);
                }
            }
            catch (Exception ex)
            {
                foreach (var waiter in batch)
                {
                    waiter.Reply.TrySetException(ex);
                }
            }
        }
    }

    private sealed class Waiter(TRequest request)
    {
        public TRequest Request { get; } = request;

        // Asynchronous continuations: the callers' handlers must not run one after another on the sending loop.
        public TaskCompletionSource<TReply> Reply { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
