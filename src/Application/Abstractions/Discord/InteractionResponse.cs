namespace Arrakis.Application.Abstractions.Discord;

/// <summary>The first (and only) response to an interaction, Discord callback types 4 to 9.</summary>
public abstract record InteractionResponse
{
    private InteractionResponse()
    {
    }

    /// <summary>Type 4: answer with a message now.</summary>
    public sealed record Reply(MessageContent Message) : InteractionResponse;

    /// <summary>Type 5: "thinking…", answered later by editing the original response.</summary>
    public sealed record DeferredReply(bool Ephemeral) : InteractionResponse;

    /// <summary>Type 6: for components, acknowledge now and edit the message later.</summary>
    public sealed record DeferredUpdate : InteractionResponse;

    /// <summary>Type 7: for components, edit the message the component is on.</summary>
    public sealed record UpdateMessage(MessageContent Message) : InteractionResponse;

    /// <summary>Type 8: autocomplete choices (at most 25).</summary>
    public sealed record AutocompleteResult(IReadOnlyList<AutocompleteChoice> Choices) : InteractionResponse;

    /// <summary>Type 9: open a modal.</summary>
    public sealed record OpenModal(Modal Modal) : InteractionResponse;
}

public sealed record AutocompleteChoice(string Name, string Value);

public sealed record Modal(string CustomId, string Title, IReadOnlyList<ModalTextInput> Inputs);

public sealed record ModalTextInput(string CustomId, string Label, bool Paragraph = false, bool Required = true, int? MinLength = null, int? MaxLength = null, string? Placeholder = null);
