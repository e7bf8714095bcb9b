using Arrakis.Application.Abstractions.Discord;
using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Application.Behaviors;
using Arrakis.Application.Interactions;
using Arrakis.Application.Routing;
using Mediator;

namespace Arrakis.Application.Verification;

/// <summary>
/// Choices for <c>/verify chain</c>, answered at once. The ingestor does not send the command name or the focused
/// option today: such an autocomplete reaches the only autocomplete route and gets every choice. Not rate limited:
/// Discord sends one per keystroke.
/// </summary>
public sealed record ChainAutocomplete(InteractionInput Interaction, string? Typed) : ICommand<Result>, IInteractionCommand
{
    public InteractionAcknowledgement Acknowledgement => InteractionAcknowledgement.None;
}

internal sealed class ChainAutocompleteRoute : InteractionRoute<ChainAutocomplete>
{
    public override InteractionKind Kind => InteractionKind.Autocomplete;

    public override string Key => "verify";

    public override ChainAutocomplete Bind(InteractionInput input) =>
        new(input, input.FocusedOption is { } focused ? input.Options.GetString(focused) : input.Options.GetString("chain"));
}

internal sealed class ChainAutocompleteHandler(InteractionAnswers answers) : ICommandHandler<ChainAutocomplete, Result>
{
    public async ValueTask<Result> Handle(ChainAutocomplete command, CancellationToken cancellationToken)
    {
        var choices = Chains.Matching(command.Typed).Take(25).Select(c => new AutocompleteChoice(c, c)).ToList();
        var result = await answers.RespondAsync(command.Interaction, new InteractionResponse.AutocompleteResult(choices), cancellationToken);
        return result.ToResult();
    }
}
