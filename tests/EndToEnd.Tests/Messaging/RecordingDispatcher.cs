using System.Collections.Concurrent;
using Arrakis.Application.Abstractions.Messaging;

namespace Arrakis.EndToEnd.Tests.Messaging;

/// <summary>Stands in for the application: records the inputs the queue adapter read, and succeeds.</summary>
internal sealed class RecordingDispatcher : IMessageDispatcher
{
    public ConcurrentDictionary<string, object> Inputs { get; } = new(StringComparer.Ordinal);

    public ValueTask<Result> DispatchAsync(GuildEventInput input, CancellationToken cancellationToken)
    {
        Inputs[input.EventId] = input;
        return ValueTask.FromResult(Result.Success);
    }

    public ValueTask<Result> DispatchAsync(InteractionInput input, CancellationToken cancellationToken)
    {
        Inputs[input.EventId] = input;
        return ValueTask.FromResult(Result.Success);
    }
}
