using System.Globalization;
using Arrakis.Application.Abstractions.Discord;
using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Application.Abstractions.State;
using Arrakis.Application.Abstractions.Wallets;
using Arrakis.Application.Guilds;
using Arrakis.Application.Interactions;
using Arrakis.Application.Routing;
using Arrakis.Domain.Discord;
using Arrakis.Domain.Wallets;
using Mediator;
using Microsoft.Extensions.Logging;

namespace Arrakis.Application.Verification;

/// <summary>
/// The modal's submission: recovers the signer of the challenge, compares it with the address given, and on success
/// grants the verified role and records the verification. Three wrong signatures end the session.
/// </summary>
public sealed record SubmitSignature(InteractionInput Interaction, RateLimit RateLimit, string? Address, string? Signature)
    : InteractionCommand(Interaction, RateLimit)
{
    public override InteractionAcknowledgement Acknowledgement => InteractionAcknowledgement.DeferEphemeralReply;
}

internal sealed class SubmitSignatureRoute(InteractionLimits limits) : InteractionRoute<SubmitSignature>
{
    public override InteractionKind Kind => InteractionKind.ModalSubmit;

    public override string Key => "verify:";

    public override SubmitSignature Bind(InteractionInput input) => new(
        input, limits.For(input),
        input.Fields.GetValueOrDefault(OpenSignatureModal.AddressField),
        input.Fields.GetValueOrDefault(OpenSignatureModal.SignatureField));
}

internal sealed partial class SubmitSignatureHandler(
    ISessionStore sessions,
    IGuildSettingsStore settings,
    IVerificationStore verifications,
    IWalletSignatures signatures,
    IDiscordGuilds guilds,
    IDiscordInteractions discord,
    TimeProvider clock,
    ILogger<SubmitSignatureHandler> logger) : ICommandHandler<SubmitSignature, Result>
{
    public const string NoVerifiedRole = "Your signature is valid, but this server has no verified role yet: an admin must run `/setup verified-role` first. Then submit again.";
    public const string TooManyWrong = "That signature does not match, three times now. Run `/verify` to start again.";
    public const string BadAddress = "That is not a wallet address (0x followed by 40 hex digits).";

    public async ValueTask<Result> Handle(SubmitSignature command, CancellationToken cancellationToken)
    {
        var input = command.Interaction;
        var key = VerificationSession.KeyFor(input.GuildId, input.UserId);
        var session = await sessions.GetAsync<VerificationSession>(key, cancellationToken);
        if (session is null || session.Document.ExpiresAt <= clock.GetUtcNow())
        {
            return await TellAsync(command, OpenSignatureModalHandler.Expired, cancellationToken);
        }

        if (!WalletAddress.TryParse(command.Address, out var claimed))
        {
            return await TellAsync(command, BadAddress, cancellationToken);
        }

        var challenge = session.Document.ChallengeFor(input.GuildId, input.UserId);
        var signer = signatures.RecoverSigner(challenge.Text, command.Signature ?? "");
        if (signer != claimed)
        {
            return await WrongSignatureAsync(command, key, session, cancellationToken);
        }

        var role = await settings.GetAsync(input.GuildId, GuildSettingNames.VerifiedRole, cancellationToken);
        if (!Snowflake.TryParse(role, out var roleId))
        {
            return await TellAsync(command, NoVerifiedRole, cancellationToken);
        }

        var granted = await guilds.AddRoleAsync(input.GuildId, input.UserId, roleId, "Arrakis: wallet verified", cancellationToken);
        if (!granted.IsSuccess)
        {
            if (granted.Error!.IsTransient)
            {
                return granted.ToResult();
            }

            LogRoleRefused(input.GuildId, roleId, granted.Error.HttpStatus, granted.Error.Code);
            return await TellAsync(command, "Your wallet is verified, but I could not give you the role (Discord refused: the bot may lack permission). Please tell an admin.", cancellationToken);
        }

        await verifications.RecordAsync(new WalletVerification(input.GuildId, input.UserId, claimed!, clock.GetUtcNow()), cancellationToken);
        await sessions.DeleteAsync(key, session.Version, cancellationToken);
        LogVerified(input.UserId, input.GuildId);
        return await TellAsync(command, string.Create(CultureInfo.InvariantCulture, $"Verified: `{claimed}` is yours. You now have <@&{roleId}>."), cancellationToken);
    }

    private async Task<Result> WrongSignatureAsync(SubmitSignature command, SessionKey key, Session<VerificationSession> session, CancellationToken cancellationToken)
    {
        var wrong = session.Document.WrongSignatures + 1;
        if (wrong >= VerificationSession.MaxWrongSignatures)
        {
            await sessions.DeleteAsync(key, session.Version, cancellationToken);
            return await TellAsync(command, TooManyWrong, cancellationToken);
        }

        // Compare-and-set: two submissions racing each count; a lost race is re-read, never overwritten.
        var write = await sessions.UpdateAsync(key, session.Document with { WrongSignatures = wrong }, session.Version, session.Document.ExpiresAt - clock.GetUtcNow(), cancellationToken);
        if (!write.Succeeded)
        {
            return Result.Transient("session-conflict", "The verification session changed while counting a wrong signature.");
        }

        var left = VerificationSession.MaxWrongSignatures - wrong;
        return await TellAsync(command, $"That signature does not match the address. Sign the exact message shown and try again ({left} {(left == 1 ? "try" : "tries")} left).", cancellationToken);
    }

    private async Task<Result> TellAsync(SubmitSignature command, string text, CancellationToken cancellationToken) =>
        (await discord.EditOriginalAsync(command.Target, new MessageContent(text, Ephemeral: true), cancellationToken)).ToResult();

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} verified a wallet in guild {GuildId}")]
    private partial void LogVerified(Snowflake userId, Snowflake guildId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discord refused the verified role {RoleId} in guild {GuildId}: HTTP {Status}, code {Code}")]
    private partial void LogRoleRefused(Snowflake guildId, Snowflake roleId, int status, int code);
}
