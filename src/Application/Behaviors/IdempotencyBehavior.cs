using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Application.Abstractions.State;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Arrakis.Application.Behaviors;

/// <summary>
/// Runs an <see cref="IIdempotent"/> command once per key. A duplicate of a finished run is acknowledged without
/// running; a duplicate of a run still in progress is retried later; a failed run gives its claim back so that its
/// retry can run. Without the state store nothing can be deduplicated, so nothing runs: events are retried later,
/// interactions are told the feature is temporarily unavailable (and retried, to answer them properly).
/// </summary>
internal sealed partial class IdempotencyBehavior<TMessage, TResponse>(
    IServiceProvider services,
    ILogger<IdempotencyBehavior<TMessage, TResponse>> logger,
    IIdempotencyStore? store = null)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    private static readonly string CommandName = typeof(TMessage).Name;

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (message is not IIdempotent idempotent || !PipelineResult<TResponse>.Applies)
        {
            return await next(message, cancellationToken);
        }

        if (store is null)
        {
            LogNoStore(CommandName);
            return await next(message, cancellationToken);
        }

        IdempotencyClaim claim;
        try
        {
            claim = await store.TryClaimAsync(idempotent.IdempotencyKey, cancellationToken);
        }
        catch (StateUnavailableException)
        {
            return PipelineResult<TResponse>.From(await StateUnavailableAsync(message, cancellationToken));
        }

        switch (claim.Status)
        {
            case IdempotencyClaimStatus.AlreadyDone:
                LogDuplicate(CommandName, idempotent.IdempotencyKey);
                ApplicationTelemetry.Refused(CommandName, "duplicate");
                return PipelineResult<TResponse>.From(Result.Success);
            case IdempotencyClaimStatus.InProgress:
                LogInProgress(CommandName, idempotent.IdempotencyKey, claim.LeaseRemaining?.TotalMilliseconds ?? 0);
                ApplicationTelemetry.Refused(CommandName, "in-progress");
                return PipelineResult<TResponse>.From(Result.Transient("in-progress", "Another delivery of this message is being handled; retry later."));
        }

        TResponse response;
        try
        {
            response = await next(message, cancellationToken);
        }
        catch (StateUnavailableException)
        {
            await ReleaseQuietlyAsync(claim);
            return PipelineResult<TResponse>.From(Result.Transient("state-unavailable", "The state store became unavailable while handling the message."));
        }
        catch
        {
            await ReleaseQuietlyAsync(claim);
            throw;
        }

        if (response is Result { IsSuccess: true })
        {
            await CompleteAsync(claim, cancellationToken);
        }
        else
        {
            await ReleaseQuietlyAsync(claim);
        }

        return response;
    }

    private async Task<Result> StateUnavailableAsync(TMessage message, CancellationToken cancellationToken)
    {
        ApplicationTelemetry.Refused(CommandName, "state-unavailable");
        if (message is IInteractionCommand interaction)
        {
            await services.GetRequiredService<InteractionAnswers>().TellAsync(interaction, InteractionAnswers.TemporarilyUnavailable, cancellationToken);
        }

        return Result.Transient("state-unavailable", "The state store is unavailable; the message cannot be deduplicated.");
    }

    private async Task CompleteAsync(IdempotencyClaim claim, CancellationToken cancellationToken)
    {
        try
        {
            // The run is done: without its "done" record a redelivery within the dedup window would run it again,
            // so a Redis outage is waited out, bounded (chaos redis-restart).
            var completed = await StateWriteRetry.RunAsync(
                () => store!.CompleteAsync(claim, CancellationToken.None),
                () => LogCompleteRetried(CommandName, claim.Key));
            if (!completed)
            {
                LogLeaseLost(CommandName, claim.Key);
            }
        }
        catch (StateUnavailableException)
        {
            // The work is done; the claim's lease expires and a redelivery within the dedup window may run again.
            LogCompleteFailed(CommandName, claim.Key);
        }
    }

    private async Task ReleaseQuietlyAsync(IdempotencyClaim claim)
    {
        try
        {
            // Not the message's token: a cancelled run must still give its claim back.
            await store!.ReleaseAsync(claim, CancellationToken.None);
        }
        catch (StateUnavailableException)
        {
            // The lease expires by itself, after which the retry can claim.
            LogReleaseFailed(CommandName, claim.Key);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Command} is idempotent but no idempotency store is registered; it runs without deduplication")]
    private partial void LogNoStore(string command);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Command} {Key} was already handled; acknowledged without running")]
    private partial void LogDuplicate(string command, string key);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Command} {Key} is being handled elsewhere (lease {LeaseMs} ms left); retry later")]
    private partial void LogInProgress(string command, string key, double leaseMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Command} {Key}: the processing lease expired before the run finished; another run may have happened")]
    private partial void LogLeaseLost(string command, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Command} {Key} ran, but could not be marked done yet (state store unavailable); trying again")]
    private partial void LogCompleteRetried(string command, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Command} {Key} ran, but could not be marked done (state store unavailable)")]
    private partial void LogCompleteFailed(string command, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Command} {Key}: could not release the claim (state store unavailable); it expires with its lease")]
    private partial void LogReleaseFailed(string command, string key);
}
