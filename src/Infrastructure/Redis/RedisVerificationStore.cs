using System.Globalization;
using Arrakis.Application.Abstractions.State;
using Arrakis.Domain.Discord;
using Arrakis.Domain.Wallets;
using StackExchange.Redis;

namespace Arrakis.Infrastructure.Redis;

internal sealed class RedisVerificationStore(IConnectionMultiplexer redis, RedisKeys keys) : IVerificationStore
{
    private const string Address = "address";
    private const string VerifiedAt = "verifiedAt";
    private const string RevokedAt = "revokedAt";

    public Task RecordAsync(WalletVerification verification, CancellationToken cancellationToken) =>
        RedisCall.RunAsync(async () =>
        {
            var key = keys.VerificationOf(verification.GuildId, verification.UserId);
            var transaction = redis.GetDatabase().CreateTransaction();
            _ = transaction.KeyDeleteAsync(key);
            _ = transaction.HashSetAsync(key, [new(Address, verification.Address.Value), new(VerifiedAt, verification.VerifiedAt.ToUnixTimeMilliseconds())]);
            _ = transaction.KeyExpireAsync(key, RedisKeys.Verification);
            await transaction.ExecuteAsync();
        });

    public Task<WalletVerification?> GetAsync(Snowflake guildId, Snowflake userId, CancellationToken cancellationToken) =>
        RedisCall.RunAsync(async () =>
        {
            var values = (await redis.GetDatabase().HashGetAllAsync(keys.VerificationOf(guildId, userId))).ToDictionary(e => e.Name.ToString(), e => e.Value, StringComparer.Ordinal);
            if (!values.TryGetValue(Address, out var address) || !WalletAddress.TryParse(address, out var wallet))
            {
                return null;
            }

            return new WalletVerification(guildId, userId, wallet!, FromMs(values[VerifiedAt]),
                values.TryGetValue(RevokedAt, out var revoked) ? FromMs(revoked) : null);
        });

    // HSETNX on an existing record: revoked once, and never creating a record that was not there.
    public Task<bool> RevokeAsync(Snowflake guildId, Snowflake userId, DateTimeOffset revokedAt, CancellationToken cancellationToken) =>
        RedisCall.RunAsync(async () => (long)await redis.GetDatabase().ScriptEvaluateAsync(
            "if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end return redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2])",
            [keys.VerificationOf(guildId, userId)],
            [RevokedAt, revokedAt.ToUnixTimeMilliseconds()]) == 1);

    private static DateTimeOffset FromMs(RedisValue value) =>
        DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(value.ToString(), CultureInfo.InvariantCulture));
}
