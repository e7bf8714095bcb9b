using Arrakis.Application.Abstractions.State;
using Arrakis.Domain.Discord;
using Arrakis.Domain.Wallets;
using Arrakis.Infrastructure.Redis;
using Arrakis.Testing;

namespace Arrakis.Infrastructure.Tests.Redis;

/// <summary>A member's keys are erased by exact name (every session flow, the verification), never another member's.</summary>
public sealed class RedisGuildStateEraserTests(IsolatedRedis redis) : IClassFixture<IsolatedRedis>
{
    private readonly RedisKeys _keys = redis.Keys();

    [Fact]
    public async Task MemberErase_RemovesTheSessionAndTheVerification_OfThatMemberInThatGuildOnly()
    {
        var (guild, otherGuild) = (NewId(), NewId());
        var (member, otherMember) = (NewId(), NewId());
        var sessions = new RedisSessionStore(redis.Database.Multiplexer, _keys);
        var verifications = new RedisVerificationStore(redis.Database.Multiplexer, _keys);
        var address = WalletAddress.TryParse("0x52908400098527886E0F7030069857D2E4169EE7", out var parsed) ? parsed! : throw new InvalidOperationException();
        foreach (var (g, u) in new[] { (guild, member), (guild, otherMember), (otherGuild, member) })
        {
            await sessions.CreateAsync(new SessionKey(SessionFlows.Verify, g, u), "step", TimeSpan.FromMinutes(5), CancellationToken.None);
            await verifications.RecordAsync(new WalletVerification(g, u, address, DateTimeOffset.UtcNow), CancellationToken.None);
        }

        var erased = await new RedisGuildStateEraser(redis.Database.Multiplexer, _keys).EraseMemberAsync(guild, member, CancellationToken.None);

        Assert.Equal(2, erased);
        Assert.Null(await sessions.GetAsync<string>(new SessionKey(SessionFlows.Verify, guild, member), CancellationToken.None));
        Assert.Null(await verifications.GetAsync(guild, member, CancellationToken.None));
        Assert.NotNull(await sessions.GetAsync<string>(new SessionKey(SessionFlows.Verify, guild, otherMember), CancellationToken.None));
        Assert.NotNull(await verifications.GetAsync(guild, otherMember, CancellationToken.None));
        Assert.NotNull(await sessions.GetAsync<string>(new SessionKey(SessionFlows.Verify, otherGuild, member), CancellationToken.None));
        Assert.NotNull(await verifications.GetAsync(otherGuild, member, CancellationToken.None));
    }

    private static Snowflake NewId() => new((ulong)Random.Shared.NextInt64(1_000_000_000_000_000, long.MaxValue));
}
