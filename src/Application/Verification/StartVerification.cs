using System.Globalization;
using Arrakis.Application.Abstractions.Discord;
using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Application.Abstractions.State;
using Arrakis.Application.Behaviors;
using Arrakis.Application.Interactions;
using Arrakis.Application.Routing;
using Arrakis.Domain.Wallets;
using Mediator;

namespace Arrakis.Application.Verification;

/// <summary>
/// <c>/verify [chain]</c>: issues a challenge to sign (EIP-191 personal message) and a button that opens the modal
/// where the member pastes address and signature. One every 30 seconds per user.
/// </summary>
public sealed record StartVerification(InteractionInput Interaction, RateLimit RateLimit, string? Chain)
    : InteractionCommand(Interaction, RateLimit), IHasCooldown
{
    public const string ButtonPrefix = "verify:sign:";

    public override InteractionAcknowledgement Acknowledgement => InteractionAcknowledgement.None;

    public Cooldown Cooldown => new("verify", Interaction.UserId, TimeSpan.FromSeconds(30), Interaction.InteractionId.ToString());
}

internal sealed class StartVerificationRoute(InteractionLimits limits) : InteractionRoute<StartVerification>
{
    public override InteractionKind Kind => InteractionKind.Command;

    public override string Key => "verify";

    public override StartVerification Bind(InteractionInput input) => new(input, limits.For(input), input.Options.GetString("chain"));
}

internal sealed class StartVerificationHandler(ISessionStore sessions, InteractionAnswers answers, TimeProvider clock)
    : ICommandHandler<StartVerification, Result>
{
    public async ValueTask<Result> Handle(StartVerification command, CancellationToken cancellationToken)
    {
        var input = command.Interaction;
        var challenge = VerificationChallenge.Issue(input.GuildId, input.UserId, clock.GetUtcNow());
        var session = new VerificationSession(challenge.Nonce, challenge.ExpiresAt, command.Chain, WrongSignatures: 0);
        await StartSessionAsync(VerificationSession.KeyFor(input.GuildId, input.UserId), session, cancellationToken);

        var text = string.Create(CultureInfo.InvariantCulture,
            $"Sign this message with your wallet{(command.Chain is null ? "" : $" ({command.Chain})")}, then press **Submit signature**:\n```\n{challenge.Text}\n```\nIt expires <t:{challenge.ExpiresAt.ToUnixTimeSeconds()}:R>.");
        var reply = new MessageContent(text, Ephemeral: true, [new MessageButton(StartVerification.ButtonPrefix + challenge.Nonce, "Submit signature")]);
        var result = await answers.RespondAsync(input, new InteractionResponse.Reply(reply), cancellationToken);
        return result.ToResult();
    }

    // A new /verify replaces any session in progress: the old challenge simply stops being accepted.
    private async Task StartSessionAsync(SessionKey key, VerificationSession session, CancellationToken cancellationToken)
    {
        var ttl = session.ExpiresAt - clock.GetUtcNow();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var existing = await sessions.GetAsync<VerificationSession>(key, cancellationToken);
            var write = existing is null
                ? await sessions.CreateAsync(key, session, ttl, cancellationToken)
                : await sessions.UpdateAsync(key, session, existing.Version, ttl, cancellationToken);
            if (write.Succeeded)
            {
                return;
            }
        }

        throw new InvalidOperationException("The verification session kept changing under this /verify.");
    }
}
