using RabbitMQ.Client;

namespace Arrakis.Infrastructure.Messaging;

/// <summary>
/// Sends the acknowledgements of one consuming channel, coalesced (docs/adr/0015): each handler waits for its own
/// acknowledgement to be written, as before, but one writer sends every acknowledgement due at once, mostly as one
/// <c>basic.ack</c> with <c>multiple</c>. The broker spends its processor time per acknowledgement frame, and on a
/// busy queue one frame covers tens of messages.
/// </summary>
internal sealed class Acknowledgements : IAsyncDisposable
{
    /// <summary>How long a settled delivery waits for an earlier one still being handled before it goes alone.</summary>
    private static readonly TimeSpan MaxWait = TimeSpan.FromMilliseconds(5);

    private readonly IChannel _channel;
    private readonly AckLedger _ledger;
    private readonly long _started = TimeProvider.System.GetTimestamp();
    private readonly Lock _gate = new();
    private readonly Dictionary<ulong, TaskCompletionSource> _waiting = [];
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _writer;
    private int _woken;
    private bool _disposed;

    /// <param name="window">The channel's prefetch: at most half of it waits behind a slow delivery.</param>
    public Acknowledgements(IChannel channel, int window)
    {
        _channel = channel;
        _ledger = new AckLedger(MaxWait, Math.Max(1, window / 2));
        _writer = Task.Run(WriteAsync);
    }

    /// <summary>Called in delivery order, before the delivery is handled.</summary>
    public void Delivered(ulong tag)
    {
        lock (_gate)
        {
            _ledger.Delivered(tag);
        }
    }

    /// <summary>Completes once the acknowledgement is written; faults if the channel could not take it.</summary>
    public Task AckAsync(ulong tag)
    {
        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_disposed)
            {
                return Task.FromException(new ObjectDisposedException(nameof(Acknowledgements)));
            }

            _ledger.Settled(tag, Now);
            _waiting[tag] = written;
        }

        if (Interlocked.Exchange(ref _woken, 1) == 0)
        {
            _wake.Release();
        }

        return written.Task;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            // Bounded: a writer stuck in a send on a dead channel must not hold up the consumer's rebuild.
            await _writer.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            // Left to end on its own; its waiters are failed below.
        }
        lock (_gate)
        {
            _disposed = true;

            // Only abandoned handlers can still wait here; their deliveries return to the queue with the channel.
            foreach (var written in _waiting.Values)
            {
                written.TrySetException(new ObjectDisposedException(nameof(Acknowledgements)));
            }

            _waiting.Clear();
        }

        _stop.Dispose();
        _wake.Dispose();
    }

    private async Task WriteAsync()
    {
        var wait = Timeout.InfiniteTimeSpan;
        while (true)
        {
            try
            {
                await _wake.WaitAsync(wait, _stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }

            Volatile.Write(ref _woken, 0);
            AckPlan plan;
            List<(ulong Tag, TaskCompletionSource Written)> covered, alone;
            lock (_gate)
            {
                plan = _ledger.Take(Now);
                covered = [.. plan.Covered.Select(Waiter)];
                alone = [.. plan.Alone.Select(Waiter)];
            }

            if (covered.Count > 0)
            {
                await SendAsync(covered[^1].Tag, multiple: covered.Count > 1, covered);
            }

            foreach (var one in alone)
            {
                await SendAsync(one.Tag, multiple: false, [one]);
            }

            wait = plan.NextDue is { } due
                ? TimeSpan.FromMilliseconds(Math.Max(1, Math.Ceiling((due - Now).TotalMilliseconds)))
                : Timeout.InfiniteTimeSpan;
        }
    }

    // Real time even under a test's fake clock: the writer's waits are real.
    private TimeSpan Now => TimeProvider.System.GetElapsedTime(_started);

    private (ulong Tag, TaskCompletionSource Written) Waiter(ulong tag)
    {
        _waiting.Remove(tag, out var written);
        return (tag, written!);
    }

    private async Task SendAsync(ulong tag, bool multiple, List<(ulong Tag, TaskCompletionSource Written)> acknowledged)
    {
        try
        {
            await _channel.BasicAckAsync(tag, multiple);
        }
        catch (Exception ex)
        {
            // The channel is gone: the broker redelivers these, and CompletedMessages recognises them.
            foreach (var (_, written) in acknowledged)
            {
                written.TrySetException(ex);
            }

            return;
        }

        foreach (var (_, written) in acknowledged)
        {
            written.TrySetResult();
        }
    }
}
