using Arrakis.Application.Abstractions.State;
using Arrakis.Infrastructure.Redis;
using Arrakis.Testing;

namespace Arrakis.Infrastructure.Tests.Redis;

public sealed class RedisIdempotencyStoreTests(IsolatedRedis redis) : IClassFixture<IsolatedRedis>
{
    private RedisIdempotencyStore Store(TimeSpan? lease = null) =>
        new(redis.Database.Multiplexer, redis.Keys(lease));

    [Fact]
    public async Task ClaimThenComplete_ADuplicateSeesDone_AndTheKeyLivesADay()
    {
        var store = Store();
        var key = "event:" + Guid.NewGuid();

        var claim = await store.TryClaimAsync(key, CancellationToken.None);
        var completed = await store.CompleteAsync(claim, CancellationToken.None);
        var duplicate = await store.TryClaimAsync(key, CancellationToken.None);

        Assert.Equal(IdempotencyClaimStatus.Claimed, claim.Status);
        Assert.True(completed);
        Assert.Equal(IdempotencyClaimStatus.AlreadyDone, duplicate.Status);
        var ttl = await redis.Database.KeyTimeToLiveAsync(redis.KeyPrefix + "idem:" + key);
        Assert.InRange(ttl!.Value, TimeSpan.FromHours(23), TimeSpan.FromHours(24));
    }

    [Fact]
    public async Task ClaimInProgress_AConcurrentDuplicateSeesInProgressWithTheLeaseLeft()
    {
        var store = Store();
        var key = "event:" + Guid.NewGuid();

        await store.TryClaimAsync(key, CancellationToken.None);
        var second = await store.TryClaimAsync(key, CancellationToken.None);

        Assert.Equal(IdempotencyClaimStatus.InProgress, second.Status);
        Assert.InRange(second.LeaseRemaining!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        var ttl = await redis.Database.KeyTimeToLiveAsync(redis.KeyPrefix + "idem:" + key);
        Assert.InRange(ttl!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Release_LetsTheRetryClaim()
    {
        var store = Store();
        var key = "event:" + Guid.NewGuid();

        var first = await store.TryClaimAsync(key, CancellationToken.None);
        await store.ReleaseAsync(first, CancellationToken.None);
        var retry = await store.TryClaimAsync(key, CancellationToken.None);

        Assert.Equal(IdempotencyClaimStatus.Claimed, retry.Status);
        Assert.NotEqual(first.OwnerToken, retry.OwnerToken);
    }

    [Fact]
    public async Task AfterTheLeaseExpired_TheOldOwnerCanNeitherReleaseNorCompleteTheNewClaim()
    {
        var store = Store(TimeSpan.FromMilliseconds(200));
        var key = "event:" + Guid.NewGuid();
        var stale = await store.TryClaimAsync(key, CancellationToken.None);

        Assert.True(await Eventually.TrueAsync(async () => !await redis.Database.KeyExistsAsync(redis.KeyPrefix + "idem:" + key), TimeSpan.FromSeconds(5)));
        var current = await Store().TryClaimAsync(key, CancellationToken.None);
        await store.ReleaseAsync(stale, CancellationToken.None);
        var completedByStale = await store.CompleteAsync(stale, CancellationToken.None);

        Assert.Equal(IdempotencyClaimStatus.Claimed, current.Status);
        Assert.False(completedByStale);
        Assert.Equal(IdempotencyClaimStatus.InProgress, (await store.TryClaimAsync(key, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task FiftyConcurrentClaimsOfOneKey_FromSeveralConnections_LetExactlyOneRun()
    {
        var connections = await Connections.OpenAsync(5);
        try
        {
            var key = "event:" + Guid.NewGuid();
            var keys = redis.Keys();
            var stores = connections.Select(c => new RedisIdempotencyStore(c, keys)).ToArray();
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

            var racing = Enumerable.Range(0, 50).Select(async i =>
            {
                await start.Task;
                return await stores[i % stores.Length].TryClaimAsync(key, CancellationToken.None);
            }).ToList();
            start.SetResult();
            var granted = await Task.WhenAll(racing);

            Assert.Equal(50, granted.Length);
            Assert.Single(granted, c => c.IsClaimed);
            Assert.Equal(49, granted.Count(c => c.Status == IdempotencyClaimStatus.InProgress));
        }
        finally
        {
            await Connections.CloseAsync(connections);
        }
    }

    [Fact]
    public async Task ManyConcurrentClaimsAndCompletions_EachGetTheirOwnAnswer()
    {
        var store = Store();
        var keys = Enumerable.Range(0, 300).Select(_ => "event:" + Guid.NewGuid()).ToList();
        var done = keys[0];
        await store.CompleteAsync(await store.TryClaimAsync(done, CancellationToken.None), CancellationToken.None);

        // The same key twice among 300 others, all at once: batched together, yet one of the pair runs.
        var claims = await Task.WhenAll(keys.Append(keys[1]).Select(k => store.TryClaimAsync(k, CancellationToken.None)));
        var granted = claims.Where(c => c.IsClaimed).ToList();
        var completed = await Task.WhenAll(granted.Select(c => store.CompleteAsync(c, CancellationToken.None)));
        var again = await Task.WhenAll(keys.Select(k => store.TryClaimAsync(k, CancellationToken.None)));

        Assert.Equal(IdempotencyClaimStatus.AlreadyDone, claims[0].Status);
        Assert.Equal(299, granted.Count);
        Assert.Equal(299, granted.Select(c => c.Key).Distinct().Count());
        Assert.Equal(IdempotencyClaimStatus.InProgress, claims.Where(c => c.Key == keys[1]).Single(c => !c.IsClaimed).Status);
        Assert.Equal(299, granted.Select(c => c.OwnerToken).Distinct().Count());
        Assert.All(completed, Assert.True);
        Assert.All(again, c => Assert.Equal(IdempotencyClaimStatus.AlreadyDone, c.Status));
    }

    [Fact]
    public async Task ConcurrentClaimsAndCompletions_ShareRoundTrips()
    {
        var connection = (await Connections.OpenAsync(1))[0];
        try
        {
            var store = new RedisIdempotencyStore(connection, redis.Keys());
            var keys = Enumerable.Range(0, 200).Select(_ => "event:" + Guid.NewGuid()).ToList();
            var before = connection.GetCounters().Interactive.OperationCount;

            var claims = await Task.WhenAll(keys.Select(k => store.TryClaimAsync(k, CancellationToken.None)));
            var completed = await Task.WhenAll(claims.Select(c => store.CompleteAsync(c, CancellationToken.None)));

            // 400 answers from a few script calls: the first of each kind alone, the rest behind it.
            var calls = connection.GetCounters().Interactive.OperationCount - before;
            Assert.All(claims, c => Assert.True(c.IsClaimed));
            Assert.All(completed, Assert.True);
            Assert.InRange(calls, 2, 40);
        }
        finally
        {
            await Connections.CloseAsync([connection]);
        }
    }

    [Fact]
    public async Task ACompletionOfAClaimThatWasNotGranted_FailsAlone_NotTheCompletionsSentWithIt()
    {
        var store = Store();
        var claims = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => store.TryClaimAsync("event:" + Guid.NewGuid(), CancellationToken.None)));
        var refused = new IdempotencyClaim("event:" + Guid.NewGuid(), IdempotencyClaimStatus.AlreadyDone, null, null);

        // All at once, the refused one in the middle: the others queue behind the first call and go together.
        var completions = claims.Take(25).Append(refused).Concat(claims.Skip(25))
            .Select(c => (Claim: c, Completion: store.CompleteAsync(c, CancellationToken.None))).ToList();

        await Assert.ThrowsAsync<InvalidOperationException>(() => completions.Single(c => c.Claim == refused).Completion);
        Assert.All(await Task.WhenAll(completions.Where(c => c.Claim != refused).Select(c => c.Completion)), Assert.True);
    }
}
