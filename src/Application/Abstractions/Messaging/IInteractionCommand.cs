namespace Arrakis.Application.Abstractions.Messaging;

/// <summary>
/// A command bound from an interaction. It declares how it is acknowledged: a command that works before it can
/// answer is deferred by the acknowledgement behavior before its handler runs (and then edits the original
/// response); a command that answers at once (<see cref="InteractionAcknowledgement.None"/>) responds itself.
/// </summary>
public interface IInteractionCommand
{
    InteractionInput Interaction { get; }

    InteractionAcknowledgement Acknowledgement { get; }
}

public enum InteractionAcknowledgement
{
    /// <summary>The handler sends the initial response itself: autocomplete, opening a modal, a short reply.</summary>
    None,

    /// <summary>"Thinking…" visible to everyone in the channel (callback type 5).</summary>
    DeferReply,

    /// <summary>"Thinking…" visible only to the user (callback type 5, ephemeral).</summary>
    DeferEphemeralReply,

    /// <summary>Components: acknowledge now, edit the component's message later (callback type 6).</summary>
    DeferUpdate,
}
