using Arrakis.Application.Abstractions.Discord;
using Arrakis.Application.Abstractions.Messaging;
using Mediator;

namespace Arrakis.Application.Interactions;

/// <summary>
/// What every interaction command shares: it carries its input, runs once per interaction however often it is
/// delivered, and counts against the user's limit across all commands. A command adds only what is its own.
/// </summary>
public abstract record InteractionCommand(InteractionInput Interaction, RateLimit RateLimit)
    : ICommand<Result>, IInteractionCommand, IIdempotent, IRateLimited
{
    public abstract InteractionAcknowledgement Acknowledgement { get; }

    public string IdempotencyKey => "interaction:" + Interaction.InteractionId;

    public InteractionTarget Target => new(Interaction.InteractionId, Interaction.Token);
}
