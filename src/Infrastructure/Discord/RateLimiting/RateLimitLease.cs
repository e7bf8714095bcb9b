using StackExchange.Redis;

namespace Arrakis.Infrastructure.Discord.RateLimiting;

/// <summary>A request's permission to go: the bucket it was counted in and its entry in the global window, if any.</summary>
internal sealed record RateLimitLease(string RouteKey, string Major, RedisKey RouteBucketKey, RedisKey BucketKey, string? GlobalMember)
{
    public static readonly RateLimitLease Revoked = new("", "", default, default, null);
}
