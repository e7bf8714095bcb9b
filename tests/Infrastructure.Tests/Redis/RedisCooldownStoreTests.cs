using Arrakis.Domain.Discord;
using Arrakis.Infrastructure.Redis;
using Arrakis.Testing;

namespace Arrakis.Infrastructure.Tests.Redis;

public sealed class RedisCooldownStoreTests(IsolatedRedis redis) : IClassFixture<IsolatedRedis>
{
    private RedisCooldownStore Store() => new(redis.Database.Multiplexer, redis.Keys());

    private static Snowflake NewUser() => new((ulong)Random.Shared.NextInt64(1, long.MaxValue));

    [Fact]
    public async Task TheRequestThatStartedTheCooldown_PassesAgainOnItsRetry_WhileAnotherIsRefused()
    {
        var store = Store();
        var user = NewUser();

        var first = await store.TryStartAsync("verify", user, TimeSpan.FromSeconds(30), "interaction-1", CancellationToken.None);
        var retry = await store.TryStartAsync("verify", user, TimeSpan.FromSeconds(30), "interaction-1", CancellationToken.None);
        var another = await store.TryStartAsync("verify", user, TimeSpan.FromSeconds(30), "interaction-2", CancellationToken.None);

        Assert.True(first.Started);
        Assert.True(retry.Started);
        Assert.False(another.Started);
    }

    [Fact]
    public async Task SecondUse_DuringTheCooldown_IsRefusedWithTheTimeRemaining()
    {
        var store = Store();
        var user = NewUser();

        var first = await store.TryStartAsync("verify", user, TimeSpan.FromSeconds(30), Guid.NewGuid().ToString(), CancellationToken.None);
        var second = await store.TryStartAsync("verify", user, TimeSpan.FromSeconds(30), Guid.NewGuid().ToString(), CancellationToken.None);
        var otherCommand = await store.TryStartAsync("balance", user, TimeSpan.FromSeconds(30), Guid.NewGuid().ToString(), CancellationToken.None);

        Assert.True(first.Started);
        Assert.False(second.Started);
        Assert.InRange(second.Remaining, TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(30));
        Assert.True(otherCommand.Started);
        var ttl = await redis.Database.KeyTimeToLiveAsync($"{redis.KeyPrefix}cooldown:verify:{user}");
        Assert.InRange(ttl!.Value, TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task AfterTheCooldown_TheCommandMayRunAgain()
    {
        var store = Store();
        var user = NewUser();
        await store.TryStartAsync("verify", user, TimeSpan.FromMilliseconds(150), Guid.NewGuid().ToString(), CancellationToken.None);

        Assert.True(await Eventually.TrueAsync(
            async () => (await store.TryStartAsync("verify", user, TimeSpan.FromMilliseconds(150), Guid.NewGuid().ToString(), CancellationToken.None)).Started,
            TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task ConcurrentUses_StartExactlyOneCooldown()
    {
        var store = Store();
        var user = NewUser();

        var decisions = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => store.TryStartAsync("verify", user, TimeSpan.FromSeconds(30), Guid.NewGuid().ToString(), CancellationToken.None)));

        Assert.Single(decisions, d => d.Started);
    }
}
