using Arrakis.Domain.Discord;

namespace Arrakis.Application.Abstractions.State;

/// <summary>Per (command, user) cooldowns, timed by the store's own clock so that workers' clocks never matter.</summary>
public interface ICooldownStore
{
    /// <summary>
    /// Starts the cooldown if none is running, or lets its own holder through again (a retry of the request that
    /// started it); otherwise answers how long the running one has left.
    /// </summary>
    Task<CooldownDecision> TryStartAsync(string command, Snowflake userId, TimeSpan cooldown, string holder, CancellationToken cancellationToken);
}

public sealed record CooldownDecision(bool Started, TimeSpan Remaining);
