using Arrakis.Infrastructure.Redis;
using Arrakis.Testing;

namespace Arrakis.Infrastructure.Tests.Redis;

/// <summary>The adapters' key scheme under a test class's own prefix, so classes sharing one Redis never meet.</summary>
internal static class IsolatedRedisKeys
{
    public static RedisKeys Keys(this IsolatedRedis redis, TimeSpan? lease = null) =>
        new(redis.KeyPrefix, lease ?? TimeSpan.FromSeconds(30));
}
