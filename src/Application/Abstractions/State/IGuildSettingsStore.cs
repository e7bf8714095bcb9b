using Arrakis.Domain.Discord;

namespace Arrakis.Application.Abstractions.State;

/// <summary>
/// A guild's configuration as named string values (role ids, channel ids, feature switches). Kept while the
/// guild is active: every write renews its expiry, and <see cref="ClearAsync"/> drops it when the bot leaves.
/// </summary>
public interface IGuildSettingsStore
{
    Task<IReadOnlyDictionary<string, string>> GetAllAsync(Snowflake guildId, CancellationToken cancellationToken);

    Task<string?> GetAsync(Snowflake guildId, string name, CancellationToken cancellationToken);

    Task SetAsync(Snowflake guildId, string name, string value, CancellationToken cancellationToken);

    Task RemoveAsync(Snowflake guildId, string name, CancellationToken cancellationToken);

    Task ClearAsync(Snowflake guildId, CancellationToken cancellationToken);
}
