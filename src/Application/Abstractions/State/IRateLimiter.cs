namespace Arrakis.Application.Abstractions.State;

/// <summary>
/// Sliding-window rate limits per (scope, id), shared by every worker. Each request is its own entry in the
/// window, so two requests in one millisecond count twice; a request id already in the window is not counted again.
/// </summary>
public interface IRateLimiter
{
    Task<RateLimitDecision> TryAcquireAsync(string scope, string id, int limit, TimeSpan window, string requestId, CancellationToken cancellationToken);
}

/// <param name="Count">Requests in the window, this one included when allowed.</param>
/// <param name="RetryAfter">When denied, how long until the oldest request leaves the window.</param>
public sealed record RateLimitDecision(bool Allowed, int Count, TimeSpan RetryAfter);
