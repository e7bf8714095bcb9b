using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Application.Abstractions.State;
using Mediator;
using Microsoft.Extensions.Logging;

namespace Arrakis.Application.Behaviors;

/// <summary>
/// Starts an <see cref="IHasCooldown"/> command's cooldown, or refuses it while one runs: an interaction is told
/// at once (ephemerally) how long is left, instead of being deferred; an event is retried later. Fails open
/// without the state store, as rate limits do.
/// </summary>
internal sealed partial class CooldownBehavior<TMessage, TResponse>(
    IServiceProvider services,
    ILogger<CooldownBehavior<TMessage, TResponse>> logger,
    ICooldownStore? store = null)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    private static readonly string CommandName = typeof(TMessage).Name;

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (message is not IHasCooldown cooled || store is null || !PipelineResult<TResponse>.Applies)
        {
            return await next(message, cancellationToken);
        }

        var cooldown = cooled.Cooldown;
        CooldownDecision decision;
        try
        {
            decision = await store.TryStartAsync(cooldown.Command, cooldown.UserId, cooldown.Duration, cooldown.RequestId, cancellationToken);
        }
        catch (StateUnavailableException)
        {
            LogFailOpen(CommandName, cooldown.Command);
            ApplicationTelemetry.StateDegraded.Add(1, new KeyValuePair<string, object?>("behavior", "cooldown"));
            return await next(message, cancellationToken);
        }

        if (decision.Started)
        {
            return await next(message, cancellationToken);
        }

        LogCooling(CommandName, cooldown.UserId.Value, decision.Remaining.TotalMilliseconds);
        return await Refusal.RefuseAsync<TResponse>(
            services, message, CommandName, "cooldown",
            $"This command is on cooldown. Try again in {WaitTime.Describe(decision.Remaining)}.",
            Result.Transient("cooldown", $"{cooldown.Command} is cooling down for user {cooldown.UserId}; retry after {decision.Remaining.TotalMilliseconds:0} ms."),
            cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Command}: cooldown {Cooldown} not checked, the state store is unavailable (failing open)")]
    private partial void LogFailOpen(string command, string cooldown);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Command} on cooldown for user {UserId}; {RemainingMs} ms left")]
    private partial void LogCooling(string command, ulong userId, double remainingMs);
}
