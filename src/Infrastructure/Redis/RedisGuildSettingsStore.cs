using Arrakis.Application.Abstractions.State;
using Arrakis.Domain.Discord;
using StackExchange.Redis;

namespace Arrakis.Infrastructure.Redis;

internal sealed class RedisGuildSettingsStore(IConnectionMultiplexer redis, RedisKeys keys) : IGuildSettingsStore
{
    public Task<IReadOnlyDictionary<string, string>> GetAllAsync(Snowflake guildId, CancellationToken cancellationToken) =>
        RedisCall.RunAsync(async () =>
        {
            var entries = await redis.GetDatabase().HashGetAllAsync(keys.GuildSettingsOf(guildId));
            return (IReadOnlyDictionary<string, string>)entries.ToDictionary(e => e.Name.ToString(), e => e.Value.ToString(), StringComparer.Ordinal);
        });

    public Task<string?> GetAsync(Snowflake guildId, string name, CancellationToken cancellationToken) =>
        RedisCall.RunAsync(async () => (string?)await redis.GetDatabase().HashGetAsync(keys.GuildSettingsOf(guildId), name));

    public Task SetAsync(Snowflake guildId, string name, string value, CancellationToken cancellationToken) =>
        RedisCall.RunAsync(() => redis.GetDatabase().ScriptEvaluateAsync(RedisScripts.SettingSet, new
        {
            key = keys.GuildSettingsOf(guildId),
            name,
            value,
            ttlMs = (long)RedisKeys.GuildSettings.TotalMilliseconds,
        }));

    public Task RemoveAsync(Snowflake guildId, string name, CancellationToken cancellationToken) =>
        RedisCall.RunAsync(() => redis.GetDatabase().HashDeleteAsync(keys.GuildSettingsOf(guildId), name));

    public Task ClearAsync(Snowflake guildId, CancellationToken cancellationToken) =>
        RedisCall.RunAsync(() => redis.GetDatabase().KeyDeleteAsync(keys.GuildSettingsOf(guildId)));
}
