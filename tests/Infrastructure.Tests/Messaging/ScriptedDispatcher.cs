using System.Collections.Concurrent;
using Arrakis.Application.Abstractions.Messaging;

namespace Arrakis.Infrastructure.Tests.Messaging;

/// <summary>An <see cref="IMessageDispatcher"/> whose outcome each test scripts, and which records every call.</summary>
internal sealed class ScriptedDispatcher : IMessageDispatcher
{
    public ConcurrentQueue<Call> Calls { get; } = new();

    /// <summary>What a call returns; by default success.</summary>
    public Func<Call, CancellationToken, Task<Result>> Handle { get; set; } = (_, _) => Task.FromResult(Result.Success);

    /// <summary>Event ids whose handling finished with success, with how many times.</summary>
    public ConcurrentDictionary<string, int> Completed { get; } = new(StringComparer.Ordinal);

    public ValueTask<Result> DispatchAsync(GuildEventInput input, CancellationToken cancellationToken) =>
        RecordAsync(new Call(input.EventId, input.EventType, input.Attempt, DateTimeOffset.UtcNow, input, null), cancellationToken);

    public ValueTask<Result> DispatchAsync(InteractionInput input, CancellationToken cancellationToken) =>
        RecordAsync(new Call(input.EventId, input.EventType, input.Attempt, DateTimeOffset.UtcNow, null, input), cancellationToken);

    public int CallsFor(string eventId) => Calls.Count(c => c.EventId == eventId);

    private async ValueTask<Result> RecordAsync(Call call, CancellationToken cancellationToken)
    {
        Calls.Enqueue(call);
        var result = await Handle(call, cancellationToken);
        if (result.IsSuccess)
        {
            Completed.AddOrUpdate(call.EventId, 1, (_, n) => n + 1);
        }

        return result;
    }

    internal sealed record Call(string EventId, string EventType, int Attempt, DateTimeOffset At, GuildEventInput? GuildEvent, InteractionInput? Interaction);
}
