namespace Arrakis.Application.Abstractions.Messaging;

/// <summary>A command counted against a sliding-window limit; over it, it does not run (see the rate limit behavior).</summary>
public interface IRateLimited
{
    RateLimit RateLimit { get; }
}

/// <summary>At most <paramref name="Limit"/> requests per <paramref name="Window"/> for one (scope, id), such as ("verify", userId).</summary>
/// <param name="RequestId">This request's own id (event or interaction id), so a redelivery is not counted twice.</param>
public sealed record RateLimit(string Scope, string Id, int Limit, TimeSpan Window, string RequestId);
