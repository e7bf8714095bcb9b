using Arrakis.Domain.Discord;
using Arrakis.Infrastructure.Redis;
using Arrakis.Testing;

namespace Arrakis.Infrastructure.Tests.Redis;

public sealed class RedisGuildSettingsAndResponseLogTests(IsolatedRedis redis) : IClassFixture<IsolatedRedis>
{
    [Fact]
    public async Task GuildSettings_SetGetRemoveClear_AndEveryWriteRenewsTheExpiry()
    {
        var store = new RedisGuildSettingsStore(redis.Database.Multiplexer, redis.Keys());
        var guild = new Snowflake((ulong)Random.Shared.NextInt64(1, long.MaxValue));

        await store.SetAsync(guild, "verifiedRole", "123", CancellationToken.None);
        await store.SetAsync(guild, "logChannel", "456", CancellationToken.None);
        var all = await store.GetAllAsync(guild, CancellationToken.None);
        await store.RemoveAsync(guild, "logChannel", CancellationToken.None);

        Assert.Equal(2, all.Count);
        Assert.Equal("123", await store.GetAsync(guild, "verifiedRole", CancellationToken.None));
        Assert.Null(await store.GetAsync(guild, "logChannel", CancellationToken.None));
        var ttl = await redis.Database.KeyTimeToLiveAsync($"{redis.KeyPrefix}guild:{guild}:settings");
        Assert.InRange(ttl!.Value, TimeSpan.FromDays(89), TimeSpan.FromDays(90));

        await store.ClearAsync(guild, CancellationToken.None);
        Assert.Empty(await store.GetAllAsync(guild, CancellationToken.None));
    }

    [Fact]
    public async Task GuildSettings_ConcurrentReadsOfSeveralGuilds_EachGetTheirOwnGuildsSettings_ReadOnly()
    {
        var store = new RedisGuildSettingsStore(redis.Database.Multiplexer, redis.Keys());
        var guilds = Enumerable.Range(0, 5).Select(_ => new Snowflake((ulong)Random.Shared.NextInt64(1, long.MaxValue))).ToList();
        for (var i = 0; i < 4; i++)
        {
            await store.SetAsync(guilds[i], "welcomeMessage", "hello from " + i, CancellationToken.None);
        }

        // Each guild read 40 times at once (a join wave).
        var reads = Enumerable.Range(0, 200).Select(n => (Guild: n % 5, Read: store.GetAllAsync(guilds[n % 5], CancellationToken.None))).ToList();
        await Task.WhenAll(reads.Select(r => r.Read));

        foreach (var (guild, read) in reads)
        {
            var values = await read;
            if (guild == 4)
            {
                Assert.Empty(values);
                continue;
            }

            Assert.Equal("hello from " + guild, Assert.Single(values).Value);
        }

        // The messages of a guild share its settings: no handler can change what another reads.
        Assert.Throws<NotSupportedException>(() => ((IDictionary<string, string>)reads[0].Read.Result)["welcomeMessage"] = "changed");
        Assert.Equal("hello from 0", (await reads[5].Read)["welcomeMessage"]);
    }

    [Fact]
    public async Task GuildSettings_AJoinWavesReads_ShareRoundTrips()
    {
        var connection = (await Connections.OpenAsync(1))[0];
        try
        {
            var store = new RedisGuildSettingsStore(connection, redis.Keys());
            var guild = new Snowflake((ulong)Random.Shared.NextInt64(1, long.MaxValue));
            await store.SetAsync(guild, "autoRole", "123", CancellationToken.None);
            var before = connection.GetCounters().Interactive.OperationCount;

            var reads = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => store.GetAllAsync(guild, CancellationToken.None)));

            // One call per round trip, not one per read: the first goes alone, the rest queue behind it.
            var calls = connection.GetCounters().Interactive.OperationCount - before;
            Assert.All(reads, r => Assert.Equal("123", r["autoRole"]));
            Assert.InRange(calls, 1, 20);
        }
        finally
        {
            await Connections.CloseAsync([connection]);
        }
    }

    [Fact]
    public async Task ResponseLog_RemembersAnAnsweredInteractionForTheTokensLifetime()
    {
        var log = new RedisInteractionResponseLog(redis.Database.Multiplexer, redis.Keys());
        var interaction = Snowflake.FromTime(DateTimeOffset.UtcNow, (ulong)Random.Shared.Next(1, 0x3FFFFF));

        var before = await log.WasAnsweredAsync(interaction, CancellationToken.None);
        await log.MarkAnsweredAsync(interaction, CancellationToken.None);

        Assert.False(before);
        Assert.True(await log.WasAnsweredAsync(interaction, CancellationToken.None));
        var ttl = await redis.Database.KeyTimeToLiveAsync($"{redis.KeyPrefix}interaction:{interaction}:answered");
        Assert.InRange(ttl!.Value, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
    }

    [Fact]
    public async Task EveryKeyTheStoresWrote_HasThePrefixAndATtl()
    {
        await ResponseLog_RemembersAnAnsweredInteractionForTheTokensLifetime();
        await new RedisIdempotencyStore(redis.Database.Multiplexer, redis.Keys()).TryClaimAsync("event:ttl-check", CancellationToken.None);
        await new RedisCooldownStore(redis.Database.Multiplexer, redis.Keys()).TryStartAsync("ttl", new Snowflake(7), TimeSpan.FromMinutes(1), Guid.NewGuid().ToString(), CancellationToken.None);
        await new RedisRateLimiter(redis.Database.Multiplexer, redis.Keys()).TryAcquireAsync("ttl", "7", 5, TimeSpan.FromMinutes(1), "r", CancellationToken.None);
        await new RedisGuildSettingsStore(redis.Database.Multiplexer, redis.Keys()).SetAsync(new Snowflake(7), "a", "b", CancellationToken.None);

        var keys = await redis.KeysAsync();
        Assert.True(keys.Count >= 5);
        foreach (var key in keys)
        {
            Assert.StartsWith(redis.KeyPrefix, key.ToString(), StringComparison.Ordinal);
            Assert.NotNull(await redis.Database.KeyTimeToLiveAsync(key));
        }
    }
}
