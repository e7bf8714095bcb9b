using Arrakis.Application.Abstractions.State;
using Arrakis.Domain.Discord;
using Arrakis.Domain.Wallets;

namespace Arrakis.Application.Verification;

/// <summary>A wallet verification in progress: the challenge issued, the chain chosen, and wrong signatures so far.</summary>
public sealed record VerificationSession(string Nonce, DateTimeOffset ExpiresAt, string? Chain, int WrongSignatures)
{
    public const string Flow = SessionFlows.Verify;
    public const int MaxWrongSignatures = 3;

    public static SessionKey KeyFor(Snowflake guildId, Snowflake userId) => new(Flow, guildId, userId);

    public VerificationChallenge ChallengeFor(Snowflake guildId, Snowflake userId) => new(guildId, userId, Nonce, ExpiresAt);
}
