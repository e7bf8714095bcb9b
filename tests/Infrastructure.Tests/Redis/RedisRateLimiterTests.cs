using Arrakis.Infrastructure.Redis;
using Arrakis.Testing;

namespace Arrakis.Infrastructure.Tests.Redis;

public sealed class RedisRateLimiterTests(IsolatedRedis redis) : IClassFixture<IsolatedRedis>
{
    private RedisRateLimiter Limiter() => new(redis.Database.Multiplexer, redis.Keys());

    [Fact]
    public async Task ConcurrentCallsFromSeveralConnections_AdmitExactlyTheLimit()
    {
        var connections = await Connections.OpenAsync(4);
        try
        {
            var keys = redis.Keys();
            var limiters = connections.Select(c => new RedisRateLimiter(c, keys)).ToArray();
            var id = Guid.NewGuid().ToString("N");
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

            var calls = Enumerable.Range(0, 400).Select(async i =>
            {
                await start.Task;
                return await limiters[i % limiters.Length].TryAcquireAsync("verify", id, 100, TimeSpan.FromMinutes(1), "request-" + i, CancellationToken.None);
            }).ToList();
            start.SetResult();
            var decisions = await Task.WhenAll(calls);

            Assert.Equal(100, decisions.Count(d => d.Allowed));
            Assert.All(decisions.Where(d => !d.Allowed), d => Assert.InRange(d.RetryAfter, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(1)));
            Assert.Equal(100, await redis.Database.SortedSetLengthAsync($"{redis.KeyPrefix}ratelimit:verify:{id}"));
        }
        finally
        {
            await Connections.CloseAsync(connections);
        }
    }

    [Fact]
    public async Task RequestsInTheSameMillisecond_AreCountedSeparately()
    {
        var limiter = Limiter();
        var id = Guid.NewGuid().ToString("N");

        // Pipelined on one connection: many of them land on the server within one millisecond.
        var decisions = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            limiter.TryAcquireAsync("burst", id, 1000, TimeSpan.FromMinutes(1), "r" + i, CancellationToken.None)));

        Assert.All(decisions, d => Assert.True(d.Allowed));
        Assert.Equal(Enumerable.Range(1, 200), decisions.Select(d => d.Count).Order());
        var scores = (await redis.Database.SortedSetRangeByRankWithScoresAsync($"{redis.KeyPrefix}ratelimit:burst:{id}")).Select(e => e.Score).ToList();
        Assert.Equal(200, scores.Count);
        Assert.True(scores.Distinct().Count() < scores.Count, "No two requests shared a millisecond; the test proved nothing.");
    }

    [Fact]
    public async Task ARedeliveredRequest_IsNotCountedTwice()
    {
        var limiter = Limiter();
        var id = Guid.NewGuid().ToString("N");

        await limiter.TryAcquireAsync("verify", id, 2, TimeSpan.FromMinutes(1), "event-1", CancellationToken.None);
        var again = await limiter.TryAcquireAsync("verify", id, 2, TimeSpan.FromMinutes(1), "event-1", CancellationToken.None);
        var other = await limiter.TryAcquireAsync("verify", id, 2, TimeSpan.FromMinutes(1), "event-2", CancellationToken.None);
        var third = await limiter.TryAcquireAsync("verify", id, 2, TimeSpan.FromMinutes(1), "event-3", CancellationToken.None);

        Assert.True(again.Allowed);
        Assert.True(other.Allowed);
        Assert.Equal(2, other.Count);
        Assert.False(third.Allowed);
    }

    [Fact]
    public async Task TheWindowSlides_AndItsKeyExpiresOnItsOwn()
    {
        var limiter = Limiter();
        var id = Guid.NewGuid().ToString("N");
        var window = TimeSpan.FromMilliseconds(300);
        var key = $"{redis.KeyPrefix}ratelimit:slide:{id}";

        Assert.True((await limiter.TryAcquireAsync("slide", id, 1, window, "a", CancellationToken.None)).Allowed);
        Assert.False((await limiter.TryAcquireAsync("slide", id, 1, window, "b", CancellationToken.None)).Allowed);
        var ttl = await redis.Database.KeyTimeToLiveAsync(key);
        Assert.InRange(ttl!.Value, TimeSpan.FromMilliseconds(1), window);

        Assert.True(await Eventually.TrueAsync(async () => !await redis.Database.KeyExistsAsync(key), TimeSpan.FromSeconds(5)));
        Assert.True((await limiter.TryAcquireAsync("slide", id, 1, window, "c", CancellationToken.None)).Allowed);
    }
}
