using Arrakis.Application.Abstractions.Discord;
using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Application.Behaviors;
using Mediator;

namespace Arrakis.Application.Interactions;

/// <summary>
/// A command, button or modal no feature handles (an old message's button, a command not yet deployed): the user
/// is told so, never left with silence. The dispatcher sends it when no route matches.
/// </summary>
public sealed record UnavailableInteraction(InteractionInput Interaction, RateLimit RateLimit)
    : InteractionCommand(Interaction, RateLimit)
{
    public const string Text = "This command is not available.";

    public override InteractionAcknowledgement Acknowledgement => InteractionAcknowledgement.None;
}

internal sealed class UnavailableInteractionHandler(InteractionAnswers answers) : ICommandHandler<UnavailableInteraction, Result>
{
    public async ValueTask<Result> Handle(UnavailableInteraction command, CancellationToken cancellationToken)
    {
        var response = command.Interaction.Kind == InteractionKind.Autocomplete
            ? (InteractionResponse)new InteractionResponse.AutocompleteResult([])
            : new InteractionResponse.Reply(new MessageContent(UnavailableInteraction.Text, Ephemeral: true));
        var result = await answers.RespondAsync(command.Interaction, response, cancellationToken);
        return result.ToResult();
    }
}
