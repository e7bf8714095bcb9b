using System.Collections.Concurrent;
using Arrakis.Application.Abstractions.State;
using StackExchange.Redis;

namespace Arrakis.Infrastructure.Redis;

/// <remarks>
/// A record that could not be written (Redis down) is remembered here, by its Redis key, until a write succeeds: the
/// effect was done, and a retry of the same message on this worker must skip it even if Redis comes back before the
/// record's own retry lands (chaos redis-restart with a 60 s outage: a role added twice that way). Entries are few
/// (effects done as an outage began) and leave when their record is written; one whose record is never written
/// (its retry gave up after StateWriteRetry.MaxWait) stays for the worker's life, a key's worth of memory.
/// </remarks>
internal sealed class RedisSideEffectLog(IConnectionMultiplexer redis, RedisKeys keys) : ISideEffectLog
{
    private readonly ConcurrentDictionary<RedisKey, byte> _unwritten = new();

    public Task<bool> WasDoneAsync(string idempotencyKey, string effect, CancellationToken cancellationToken)
    {
        var key = keys.SideEffect(idempotencyKey, effect);
        return _unwritten.ContainsKey(key)
            ? Task.FromResult(true)
            : RedisCall.RunAsync(() => redis.GetDatabase().KeyExistsAsync(key));
    }

    public async Task RecordAsync(string idempotencyKey, string effect, CancellationToken cancellationToken)
    {
        var key = keys.SideEffect(idempotencyKey, effect);
        try
        {
            await RedisCall.RunAsync(() => redis.GetDatabase().StringSetAsync(key, RedisKeys.Done, RedisKeys.IdempotencyDone));
        }
        catch (StateUnavailableException)
        {
            _unwritten.TryAdd(key, 0);
            throw;
        }

        _unwritten.TryRemove(key, out _);
    }
}
