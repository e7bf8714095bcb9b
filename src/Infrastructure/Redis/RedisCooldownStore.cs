using Arrakis.Application.Abstractions.State;
using Arrakis.Domain.Discord;
using StackExchange.Redis;

namespace Arrakis.Infrastructure.Redis;

/// <summary>Start-or-report in one script, timed by Redis alone (SET PX NX, then PTTL): no worker clock is involved. The value is the holder, so the request that started a cooldown passes it again on a retry.</summary>
internal sealed class RedisCooldownStore(IConnectionMultiplexer redis, RedisKeys keys) : ICooldownStore
{
    public Task<CooldownDecision> TryStartAsync(string command, Snowflake userId, TimeSpan cooldown, string holder, CancellationToken cancellationToken) =>
        RedisCall.RunAsync(async () =>
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(cooldown, TimeSpan.FromMilliseconds(1));
            var remainingMs = (long)await redis.GetDatabase().ScriptEvaluateAsync(RedisScripts.Cooldown, new
            {
                key = keys.Cooldown(command, userId),
                cooldownMs = (long)cooldown.TotalMilliseconds,
                holder,
            });
            return remainingMs <= 0
                ? new CooldownDecision(true, TimeSpan.Zero)
                : new CooldownDecision(false, TimeSpan.FromMilliseconds(remainingMs));
        });
}
