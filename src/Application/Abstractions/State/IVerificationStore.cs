using Arrakis.Domain.Discord;
using Arrakis.Domain.Wallets;

namespace Arrakis.Application.Abstractions.State;

/// <summary>Who verified which wallet in which guild, and whether the verified role was later taken away.</summary>
public interface IVerificationStore
{
    Task RecordAsync(WalletVerification verification, CancellationToken cancellationToken);

    Task<WalletVerification?> GetAsync(Snowflake guildId, Snowflake userId, CancellationToken cancellationToken);

    /// <summary>Marks a verification revoked; false when there is none or it already was.</summary>
    Task<bool> RevokeAsync(Snowflake guildId, Snowflake userId, DateTimeOffset revokedAt, CancellationToken cancellationToken);
}

public sealed record WalletVerification(Snowflake GuildId, Snowflake UserId, WalletAddress Address, DateTimeOffset VerifiedAt, DateTimeOffset? RevokedAt = null)
{
    public bool IsRevoked => RevokedAt is not null;
}
