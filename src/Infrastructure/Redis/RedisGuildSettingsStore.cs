using Arrakis.Application.Abstractions.State;
using Arrakis.Domain.Discord;
using StackExchange.Redis;

namespace Arrakis.Infrastructure.Redis;

/// <remarks>
/// Whole-guild reads of concurrent messages share their round trips, each guild read once per batch (ADR 0033): a
/// join wave reads its guild's settings once per round trip, not once per member. A batched read is sent no earlier
/// than the request, so it never sees older settings than a read of its own would. The messages of one guild share one
/// read-only view of its settings.
/// </remarks>
internal sealed class RedisGuildSettingsStore : IGuildSettingsStore
{
    private readonly IConnectionMultiplexer _redis;
    private readonly RedisKeys _keys;
    private readonly RedisBatch<Snowflake, IReadOnlyDictionary<string, string>> _reads;

    public RedisGuildSettingsStore(IConnectionMultiplexer redis, RedisKeys keys)
    {
        _redis = redis;
        _keys = keys;
        _reads = new RedisBatch<Snowflake, IReadOnlyDictionary<string, string>>(ReadAllAsync);
    }

    public Task<IReadOnlyDictionary<string, string>> GetAllAsync(Snowflake guildId, CancellationToken cancellationToken) =>
        RedisCall.RunAsync(() => _reads.SendAsync(guildId));

    public Task<string?> GetAsync(Snowflake guildId, string name, CancellationToken cancellationToken) =>
        RedisCall.RunAsync(async () => (string?)await _redis.GetDatabase().HashGetAsync(_keys.GuildSettingsOf(guildId), name));

    public Task SetAsync(Snowflake guildId, string name, string value, CancellationToken cancellationToken) =>
        RedisCall.RunAsync(() => _redis.GetDatabase().ScriptEvaluateAsync(RedisScripts.SettingSet, new
        {
            key = _keys.GuildSettingsOf(guildId),
            name,
            value,
            ttlMs = (long)RedisKeys.GuildSettings.TotalMilliseconds,
        }));

    public Task RemoveAsync(Snowflake guildId, string name, CancellationToken cancellationToken) =>
        RedisCall.RunAsync(() => _redis.GetDatabase().HashDeleteAsync(_keys.GuildSettingsOf(guildId), name));

    public Task ClearAsync(Snowflake guildId, CancellationToken cancellationToken) =>
        RedisCall.RunAsync(() => _redis.GetDatabase().KeyDeleteAsync(_keys.GuildSettingsOf(guildId)));

    private async Task<IReadOnlyDictionary<string, string>[]> ReadAllAsync(IReadOnlyList<Snowflake> guilds)
    {
        var distinct = guilds.Distinct().ToArray();
        var reply = (RedisResult[])(await _redis.GetDatabase().ScriptEvaluateAsync(
            RedisScripts.HashGetAll, Array.ConvertAll(distinct, _keys.GuildSettingsOf)))!;
        var byGuild = new Dictionary<Snowflake, IReadOnlyDictionary<string, string>>(distinct.Length);
        for (var i = 0; i < distinct.Length; i++)
        {
            var fields = (RedisResult[])reply[i]!;
            var values = new Dictionary<string, string>(fields.Length / 2, StringComparer.Ordinal);
            for (var f = 0; f + 1 < fields.Length; f += 2)
            {
                values[fields[f].ToString()] = fields[f + 1].ToString();
            }

            byGuild[distinct[i]] = values.AsReadOnly();
        }

        return [.. guilds.Select(g => byGuild[g])];
    }
}
