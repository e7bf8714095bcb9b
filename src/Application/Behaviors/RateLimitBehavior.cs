using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Application.Abstractions.State;
using Mediator;
using Microsoft.Extensions.Logging;

namespace Arrakis.Application.Behaviors;

/// <summary>
/// Counts an <see cref="IRateLimited"/> command against its sliding window. Over the limit, an interaction is told
/// at once (ephemerally) how long to wait, instead of being deferred; an event is retried later. A limit protects,
/// it does not decide correctness, so without the state store it fails open.
/// </summary>
internal sealed partial class RateLimitBehavior<TMessage, TResponse>(
    IServiceProvider services,
    ILogger<RateLimitBehavior<TMessage, TResponse>> logger,
    IRateLimiter? limiter = null)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    private static readonly string CommandName = typeof(TMessage).Name;

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (message is not IRateLimited limited || limiter is null || !PipelineResult<TResponse>.Applies)
        {
            return await next(message, cancellationToken);
        }

        var limit = limited.RateLimit;
        RateLimitDecision decision;
        try
        {
            decision = await limiter.TryAcquireAsync(limit.Scope, limit.Id, limit.Limit, limit.Window, limit.RequestId, cancellationToken);
        }
        catch (StateUnavailableException)
        {
            LogFailOpen(CommandName, limit.Scope);
            ApplicationTelemetry.StateDegraded.Add(1, new KeyValuePair<string, object?>("behavior", "rate-limit"));
            return await next(message, cancellationToken);
        }

        if (decision.Allowed)
        {
            return await next(message, cancellationToken);
        }

        LogLimited(CommandName, limit.Scope, limit.Id, decision.RetryAfter.TotalMilliseconds);
        return await Refusal.RefuseAsync<TResponse>(
            services, message, CommandName, "rate-limited",
            $"You're doing that too often. Try again in {WaitTime.Describe(decision.RetryAfter)}.",
            Result.Transient("rate-limited", $"Over the limit of {limit.Limit} per {limit.Window} for {limit.Scope}; retry after {decision.RetryAfter.TotalMilliseconds:0} ms."),
            cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Command}: rate limit {Scope} not checked, the state store is unavailable (failing open)")]
    private partial void LogFailOpen(string command, string scope);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Command} rate-limited on {Scope}/{Id}; retry after {RetryAfterMs} ms")]
    private partial void LogLimited(string command, string scope, string id, double retryAfterMs);
}
