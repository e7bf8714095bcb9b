using RabbitMQ.Client;

namespace Arrakis.Infrastructure.Messaging;

/// <summary>
/// One subscription's channels, from the moment it is consumed until it is lost: the consuming channel (acks)
/// and a publishing channel with confirms (retry and dead-letter copies), and the reason it ended.
/// </summary>
internal sealed class ConsumerSession(string queue, IChannel channel, IChannel publisher, ushort prefetch) : IAsyncDisposable
{
    private readonly TaskCompletionSource<string> _lost = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _closing = new();
    private int _closed;

    public string Queue { get; } = queue;

    public IChannel Channel { get; } = channel;

    public IChannel Publisher { get; } = publisher;

    public InFlight InFlight { get; } = new();

    /// <summary>The consuming channel's acknowledgements, coalesced.</summary>
    public Acknowledgements Acks { get; } = new(channel, prefetch);

    public string? ConsumerTag { get; set; }

    /// <summary>Cancelled once the session is lost or draining: deliveries not yet started are left to return to the queue.</summary>
    public CancellationToken Closing { get; private set; }

    public Task<string> Lost => _lost.Task;

    public ConsumerSession Open()
    {
        Closing = _closing.Token;
        return this;
    }

    /// <summary>Ends the session; the consumer rebuilds its channels and subscription.</summary>
    public void Fail(string reason)
    {
        _lost.TrySetResult(reason);
        Close();
    }

    /// <summary>Takes no more deliveries; those waiting for a handler slot give up.</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            _closing.Cancel();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Close();
        await Acks.DisposeAsync();
        _closing.Dispose();
    }
}
