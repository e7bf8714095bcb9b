using Arrakis.Application.Abstractions.State;
using Arrakis.Domain.Discord;
using StackExchange.Redis;

namespace Arrakis.Infrastructure.Redis;

/// <summary>
/// A member's keys are known exactly and deleted in one command (member.leave is frequent; ADR 0076). A guild's are
/// erased by key pattern with SCAN (never KEYS, which blocks the server): leaving a guild is rare. Idempotency,
/// cooldown and rate-limit keys are not per guild and expire on their own.
/// </summary>
internal sealed class RedisGuildStateEraser(IConnectionMultiplexer redis, RedisKeys keys) : IGuildStateEraser
{
    private const int ScanPage = 1000;

    public Task<long> EraseMemberAsync(Snowflake guildId, Snowflake userId, CancellationToken cancellationToken) =>
        RedisCall.RunAsync(() => redis.GetDatabase().KeyDeleteAsync([.. keys.MemberKeys(guildId, userId)]));

    public Task<long> EraseGuildAsync(Snowflake guildId, CancellationToken cancellationToken) =>
        EraseAsync(keys.GuildPatterns(guildId), cancellationToken);

    private Task<long> EraseAsync(IReadOnlyList<string> patterns, CancellationToken cancellationToken) =>
        RedisCall.RunAsync(async () =>
        {
            var database = redis.GetDatabase();
            long erased = 0;
            foreach (var server in redis.GetServers().Where(s => s.IsConnected && !s.IsReplica))
            {
                foreach (var pattern in patterns)
                {
                    var batch = new List<RedisKey>();
                    await foreach (var key in server.KeysAsync(database.Database, pattern, pageSize: ScanPage).WithCancellation(cancellationToken))
                    {
                        batch.Add(key);
                        if (batch.Count == ScanPage)
                        {
                            erased += await database.KeyDeleteAsync([.. batch]);
                            batch.Clear();
                        }
                    }

                    if (batch.Count > 0)
                    {
                        erased += await database.KeyDeleteAsync([.. batch]);
                    }
                }
            }

            return erased;
        });
}
