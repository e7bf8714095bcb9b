using System.Globalization;
using Arrakis.Domain.Discord;

namespace Arrakis.Domain.Wallets;

/// <summary>
/// The message a member signs (EIP-191 personal message) to prove they hold a wallet. It names the guild, the user,
/// a random nonce and the expiry, so a signature cannot be replayed elsewhere or later.
/// </summary>
public sealed record VerificationChallenge(Snowflake GuildId, Snowflake UserId, string Nonce, DateTimeOffset ExpiresAt)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    public string Text => string.Create(CultureInfo.InvariantCulture,
        $"Arrakis wallet verification\nGuild: {GuildId}\nUser: {UserId}\nNonce: {Nonce}\nExpires: {ExpiresAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}");

    public bool IsExpired(DateTimeOffset now) => now >= ExpiresAt;

    /// <summary>A challenge for now, with a nonce of 16 random bytes in hex.</summary>
    public static VerificationChallenge Issue(Snowflake guildId, Snowflake userId, DateTimeOffset now) =>
        new(guildId, userId, Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)), now + Lifetime);
}
