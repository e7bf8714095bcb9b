using Arrakis.Infrastructure.Discord.Rest;
using Arrakis.Infrastructure.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Arrakis.Infrastructure.Discord.RateLimiting;

/// <summary>
/// Every Redis key of the Discord client, under REDIS_KEY_PREFIX. Limits belong to a bot token, so their keys
/// carry a fingerprint of it (a truncated SHA-256, not the token); workers with one token share them.
/// </summary>
internal sealed class DiscordRedisKeys(IOptions<RedisOptions> redis, IOptions<DiscordOptions> discord)
{
    private readonly string _root = redis.Value.KeyPrefix + "discord:";
    private readonly string _token = redis.Value.KeyPrefix + "discord:" + DiscordRequest.Fingerprint(discord.Value.BotToken) + ":";

    public RedisKey Bucket(string bucket, string major) => _token + "bucket:" + bucket + ":" + major;

    public RedisKey Route(string routeKey) => _token + "route:" + routeKey;

    /// <summary>A sorted set of the last second's requests (the global limit).</summary>
    public RedisKey Global => _token + "global";

    /// <summary>Exists while bot-token requests must wait: a global 429, or Discord's edge banning us.</summary>
    public RedisKey GlobalPause => _token + "pause";

    /// <summary>Exists once Discord answered 401 to the bot token.</summary>
    public RedisKey Revoked => _token + "revoked";

    /// <summary>401/403/429 answers counted per 10-second slot (Cloudflare's limit is per IP, not per token).</summary>
    public RedisKey InvalidRequests(long slot) => _root + "invalid:" + slot;

    public RedisKey DmChannel(ulong userId) => _token + "dm-channel:" + userId;

    public RedisKey DmClosed(ulong userId) => _token + "dm-closed:" + userId;
}
