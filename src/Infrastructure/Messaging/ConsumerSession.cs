using RabbitMQ.Client;

namespace Arrakis.Infrastructure.Messaging;

/// <summary>
/// One subscription's channels, from the moment it is consumed until it is lost: the consuming channel (acks)
/// and a publishing channel with confirms (retry and dead-letter copies), and the reason it ended.
/// </summary>
internal sealed class ConsumerSession(string queue, IChannel channel, IChannel publisher)
{
    private readonly TaskCompletionSource<string> _lost = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _draining;

    public string Queue { get; } = queue;

    public IChannel Channel { get; } = channel;

    public IChannel Publisher { get; } = publisher;

    public InFlight InFlight { get; } = new();

    public string? ConsumerTag { get; set; }

    /// <summary>Set when the worker is stopping: deliveries not yet started stay unacknowledged and return to the queue.</summary>
    public bool Draining { get => _draining; set => _draining = value; }

    public Task<string> Lost => _lost.Task;

    /// <summary>Ends the session; the consumer rebuilds its channels and subscription.</summary>
    public void Fail(string reason) => _lost.TrySetResult(reason);
}
