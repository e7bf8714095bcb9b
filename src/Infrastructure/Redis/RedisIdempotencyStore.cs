using Arrakis.Application.Abstractions.State;
using StackExchange.Redis;

namespace Arrakis.Infrastructure.Redis;

/// <remarks>
/// Claims and completions of concurrent messages share their round trips (ADR 0033): each caller still gets its own
/// answer, and a batch is atomic per key, as one script per message was.
/// </remarks>
internal sealed class RedisIdempotencyStore : IIdempotencyStore
{
    private readonly IConnectionMultiplexer _redis;
    private readonly RedisKeys _keys;
    private readonly RedisBatch<string, IdempotencyClaim> _claims;
    private readonly RedisBatch<IdempotencyClaim, bool> _completions;

    public RedisIdempotencyStore(IConnectionMultiplexer redis, RedisKeys keys)
    {
        _redis = redis;
        _keys = keys;
        _claims = new RedisBatch<string, IdempotencyClaim>(ClaimAllAsync);
        _completions = new RedisBatch<IdempotencyClaim, bool>(CompleteAllAsync);
    }

    public Task<IdempotencyClaim> TryClaimAsync(string key, CancellationToken cancellationToken) =>
        RedisCall.RunAsync(() => _claims.SendAsync(key));

    // Checked before the claim joins a batch: a claim that was never granted must not fail the others' completions.
    public Task<bool> CompleteAsync(IdempotencyClaim claim, CancellationToken cancellationToken) =>
        claim.OwnerToken is null
            ? Task.FromException<bool>(NotGranted())
            : RedisCall.RunAsync(() => _completions.SendAsync(claim));

    public Task ReleaseAsync(IdempotencyClaim claim, CancellationToken cancellationToken) => RedisCall.RunAsync(() =>
        _redis.GetDatabase().ScriptEvaluateAsync(RedisScripts.Release, new { key = _keys.Idempotency(claim.Key), owner = OwnerOf(claim) }));

    private async Task<IdempotencyClaim[]> ClaimAllAsync(IReadOnlyList<string> keys)
    {
        // A fresh owner per claim: a release or completion can only ever touch the claim it made.
        var owners = new string[keys.Count];
        var arguments = new RedisValue[keys.Count + 1];
        for (var i = 0; i < keys.Count; i++)
        {
            owners[i] = Guid.NewGuid().ToString("N");
            arguments[i] = owners[i];
        }

        arguments[^1] = (long)_keys.IdempotencyLease.TotalMilliseconds;
        var reply = (RedisResult[])(await _redis.GetDatabase().ScriptEvaluateAsync(RedisScripts.ClaimAll, RedisKeysOf(keys), arguments))!;
        var claims = new IdempotencyClaim[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            claims[i] = (int)reply[2 * i] switch
            {
                1 => new IdempotencyClaim(keys[i], IdempotencyClaimStatus.Claimed, owners[i], _keys.IdempotencyLease),
                2 => new IdempotencyClaim(keys[i], IdempotencyClaimStatus.AlreadyDone, null, null),
                _ => new IdempotencyClaim(keys[i], IdempotencyClaimStatus.InProgress, null,
                    TimeSpan.FromMilliseconds(Math.Max(0, (long)reply[(2 * i) + 1]))),
            };
        }

        return claims;
    }

    private async Task<bool[]> CompleteAllAsync(IReadOnlyList<IdempotencyClaim> claims)
    {
        var arguments = new RedisValue[claims.Count + 1];
        for (var i = 0; i < claims.Count; i++)
        {
            arguments[i] = OwnerOf(claims[i]);
        }

        arguments[^1] = (long)RedisKeys.IdempotencyDone.TotalMilliseconds;
        var reply = (RedisResult[])(await _redis.GetDatabase().ScriptEvaluateAsync(
            RedisScripts.CompleteAll, RedisKeysOf(claims.Select(c => c.Key).ToList()), arguments))!;
        return Array.ConvertAll(reply, r => (int)r == 1);
    }

    private RedisKey[] RedisKeysOf(IReadOnlyList<string> keys)
    {
        var redisKeys = new RedisKey[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            redisKeys[i] = _keys.Idempotency(keys[i]);
        }

        return redisKeys;
    }

    private static string OwnerOf(IdempotencyClaim claim) => claim.OwnerToken ?? throw NotGranted();

    private static InvalidOperationException NotGranted() => new("Only a claim that was granted can be completed or released.");
}
