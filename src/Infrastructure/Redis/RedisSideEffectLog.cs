using Arrakis.Application.Abstractions.State;
using StackExchange.Redis;

namespace Arrakis.Infrastructure.Redis;

internal sealed class RedisSideEffectLog(IConnectionMultiplexer redis, RedisKeys keys) : ISideEffectLog
{
    public Task<bool> WasDoneAsync(string idempotencyKey, string effect, CancellationToken cancellationToken) =>
        RedisCall.RunAsync(() => redis.GetDatabase().KeyExistsAsync(keys.SideEffect(idempotencyKey, effect)));

    public Task RecordAsync(string idempotencyKey, string effect, CancellationToken cancellationToken) =>
        RedisCall.RunAsync(() => redis.GetDatabase().StringSetAsync(keys.SideEffect(idempotencyKey, effect), RedisKeys.Done, RedisKeys.IdempotencyDone));
}
