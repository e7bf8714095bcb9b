using Arrakis.Application.Abstractions.State;
using StackExchange.Redis;

namespace Arrakis.Infrastructure.Redis;

internal sealed class RedisIdempotencyStore(IConnectionMultiplexer redis, RedisKeys keys) : IIdempotencyStore
{
    public Task<IdempotencyClaim> TryClaimAsync(string key, CancellationToken cancellationToken) => RedisCall.RunAsync(async () =>
    {
        // A fresh owner per claim: a release or completion can only ever touch the claim it made.
        var owner = Guid.NewGuid().ToString("N");
        var reply = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(RedisScripts.Claim, new
        {
            key = keys.Idempotency(key),
            owner,
            leaseMs = (long)keys.IdempotencyLease.TotalMilliseconds,
        }))!;
        return (int)reply[0] switch
        {
            1 => new IdempotencyClaim(key, IdempotencyClaimStatus.Claimed, owner, keys.IdempotencyLease),
            2 => new IdempotencyClaim(key, IdempotencyClaimStatus.AlreadyDone, null, null),
            _ => new IdempotencyClaim(key, IdempotencyClaimStatus.InProgress, null, TimeSpan.FromMilliseconds(Math.Max(0, (long)reply[1]))),
        };
    });

    public Task<bool> CompleteAsync(IdempotencyClaim claim, CancellationToken cancellationToken) => RedisCall.RunAsync(async () =>
    {
        var reply = await redis.GetDatabase().ScriptEvaluateAsync(RedisScripts.Complete, new
        {
            key = keys.Idempotency(claim.Key),
            owner = OwnerOf(claim),
            doneMs = (long)RedisKeys.IdempotencyDone.TotalMilliseconds,
        });
        return (int)reply == 1;
    });

    public Task ReleaseAsync(IdempotencyClaim claim, CancellationToken cancellationToken) => RedisCall.RunAsync(() =>
        redis.GetDatabase().ScriptEvaluateAsync(RedisScripts.Release, new { key = keys.Idempotency(claim.Key), owner = OwnerOf(claim) }));

    private static string OwnerOf(IdempotencyClaim claim) =>
        claim.OwnerToken ?? throw new InvalidOperationException("Only a claim that was granted can be completed or released.");
}
