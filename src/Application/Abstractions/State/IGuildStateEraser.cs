using Arrakis.Domain.Discord;

namespace Arrakis.Application.Abstractions.State;

/// <summary>Forgets what the worker stored about a member of a guild, or about a whole guild.</summary>
public interface IGuildStateEraser
{
    /// <summary>The member's sessions and verification in that guild. Returns how many records went.</summary>
    Task<long> EraseMemberAsync(Snowflake guildId, Snowflake userId, CancellationToken cancellationToken);

    /// <summary>Everything stored for the guild: settings, sessions, verifications. Returns how many records went.</summary>
    Task<long> EraseGuildAsync(Snowflake guildId, CancellationToken cancellationToken);
}
