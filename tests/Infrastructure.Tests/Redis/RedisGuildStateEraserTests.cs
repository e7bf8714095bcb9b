using Arrakis.Application.Abstractions.State;
using Arrakis.Domain.Discord;
using Arrakis.Domain.Wallets;
using Arrakis.Infrastructure.Redis;
using Arrakis.Testing;

namespace Arrakis.Infrastructure.Tests.Redis;

/// <summary>A member's keys are erased by name (the flows the session store recorded), never another member's.</summary>
public sealed class RedisGuildStateEraserTests(IsolatedRedis redis) : IClassFixture<IsolatedRedis>
{
    private readonly RedisKeys _keys = new(redis.KeyPrefix, TimeSpan.FromSeconds(30));

    [Fact]
    public async Task MemberErase_RemovesTheSessionsOfEveryFlowWrittenAndTheVerification_OfThatMemberInThatGuildOnly()
    {
        var (guild, otherGuild) = (NewId(), NewId());
        var (member, otherMember) = (NewId(), NewId());
        var sessions = new RedisSessionStore(redis.Database.Multiplexer, _keys);
        var verifications = new RedisVerificationStore(redis.Database.Multiplexer, _keys);
        var address = WalletAddress.TryParse("0x52908400098527886E0F7030069857D2E4169EE7", out var parsed) ? parsed! : throw new InvalidOperationException();
        foreach (var (g, u) in new[] { (guild, member), (guild, otherMember), (otherGuild, member) })
        {
            await sessions.CreateAsync(new SessionKey("verify", g, u), "step", TimeSpan.FromMinutes(5), CancellationToken.None);
            await sessions.CreateAsync(new SessionKey("another-flow", g, u), "step", TimeSpan.FromMinutes(5), CancellationToken.None);
            await verifications.RecordAsync(new WalletVerification(g, u, address, DateTimeOffset.UtcNow), CancellationToken.None);
        }

        var erased = await new RedisGuildStateEraser(redis.Database.Multiplexer, _keys).EraseMemberAsync(guild, member, CancellationToken.None);

        Assert.Equal(3, erased);
        Assert.Null(await sessions.GetAsync<string>(new SessionKey("verify", guild, member), CancellationToken.None));
        Assert.Null(await sessions.GetAsync<string>(new SessionKey("another-flow", guild, member), CancellationToken.None));
        Assert.Null(await verifications.GetAsync(guild, member, CancellationToken.None));
        Assert.NotNull(await sessions.GetAsync<string>(new SessionKey("another-flow", guild, otherMember), CancellationToken.None));
        Assert.NotNull(await verifications.GetAsync(guild, otherMember, CancellationToken.None));
        Assert.NotNull(await sessions.GetAsync<string>(new SessionKey("verify", otherGuild, member), CancellationToken.None));
        Assert.NotNull(await verifications.GetAsync(otherGuild, member, CancellationToken.None));
    }

    [Fact]
    public async Task SessionFlowsRecord_HasAnExpiry_LikeEveryOtherKey()
    {
        var sessions = new RedisSessionStore(redis.Database.Multiplexer, _keys);

        await sessions.CreateAsync(new SessionKey("verify", NewId(), NewId()), "step", TimeSpan.FromMinutes(5), CancellationToken.None);

        Assert.Contains("verify", (await redis.Database.SetMembersAsync(_keys.SessionFlows)).Select(f => f.ToString()));
        Assert.True((await redis.Database.KeyTimeToLiveAsync(_keys.SessionFlows)) > TimeSpan.FromDays(300));
    }

    private static Snowflake NewId() => new((ulong)Random.Shared.NextInt64(1_000_000_000_000_000, long.MaxValue));
}
