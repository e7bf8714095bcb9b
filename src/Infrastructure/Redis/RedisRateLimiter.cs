using Arrakis.Application.Abstractions.State;
using StackExchange.Redis;

namespace Arrakis.Infrastructure.Redis;

internal sealed class RedisRateLimiter(IConnectionMultiplexer redis, RedisKeys keys) : IRateLimiter
{
    public Task<RateLimitDecision> TryAcquireAsync(string scope, string id, int limit, TimeSpan window, string requestId, CancellationToken cancellationToken) =>
        RedisCall.RunAsync(async () =>
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
            ArgumentOutOfRangeException.ThrowIfLessThan(window, TimeSpan.FromMilliseconds(1));
            ArgumentException.ThrowIfNullOrEmpty(requestId);
            var reply = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(RedisScripts.SlidingWindow, new
            {
                key = keys.RateLimit(scope, id),
                windowMs = (long)window.TotalMilliseconds,
                limit,
                member = requestId,
            }))!;
            return new RateLimitDecision((int)reply[0] == 1, (int)reply[1], TimeSpan.FromMilliseconds(Math.Max(0, (long)reply[2])));
        });
}
