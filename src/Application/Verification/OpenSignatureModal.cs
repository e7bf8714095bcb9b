using Arrakis.Application.Abstractions.Discord;
using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Application.Abstractions.State;
using Arrakis.Application.Behaviors;
using Arrakis.Application.Interactions;
using Arrakis.Application.Routing;
using Mediator;

namespace Arrakis.Application.Verification;

/// <summary>The challenge's button: opens the modal for address and signature (a modal must be the initial response).</summary>
public sealed record OpenSignatureModal(InteractionInput Interaction, RateLimit RateLimit)
    : InteractionCommand(Interaction, RateLimit)
{
    public const string ModalPrefix = "verify:submit:";
    public const string AddressField = "address";
    public const string SignatureField = "signature";

    public override InteractionAcknowledgement Acknowledgement => InteractionAcknowledgement.None;
}

internal sealed class OpenSignatureModalRoute(InteractionLimits limits) : InteractionRoute<OpenSignatureModal>
{
    public override InteractionKind Kind => InteractionKind.Component;

    public override string Key => "verify:";

    public override OpenSignatureModal Bind(InteractionInput input) => new(input, limits.For(input));
}

internal sealed class OpenSignatureModalHandler(ISessionStore sessions, InteractionAnswers answers, TimeProvider clock)
    : ICommandHandler<OpenSignatureModal, Result>
{
    public const string Expired = "This verification has expired. Run `/verify` to start again.";

    public async ValueTask<Result> Handle(OpenSignatureModal command, CancellationToken cancellationToken)
    {
        var input = command.Interaction;
        var session = await sessions.GetAsync<VerificationSession>(VerificationSession.KeyFor(input.GuildId, input.UserId), cancellationToken);
        InteractionResponse response = session is null || session.Document.ExpiresAt <= clock.GetUtcNow()
            ? new InteractionResponse.Reply(new MessageContent(Expired, Ephemeral: true))
            : new InteractionResponse.OpenModal(new Modal(
                OpenSignatureModal.ModalPrefix + session.Document.Nonce,
                "Verify your wallet",
                [
                    new ModalTextInput(OpenSignatureModal.AddressField, "Wallet address", MinLength: 42, MaxLength: 42, Placeholder: "0x…"),
                    new ModalTextInput(OpenSignatureModal.SignatureField, "Signature", Paragraph: true, MinLength: 130, MaxLength: 200, Placeholder: "0x…"),
                ]));
        var result = await answers.RespondAsync(input, response, cancellationToken);
        return result.ToResult();
    }
}
