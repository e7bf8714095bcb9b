using Arrakis.Application.Abstractions.Discord;

namespace Arrakis.Infrastructure.Discord.Wire;

/// <summary>Arrakis's message, modal and choice DTOs as Discord's wire shapes, with Discord's documented limits checked first.</summary>
internal static class MessageMapping
{
    public const int EphemeralFlag = 1 << 6;
    public const int MaxContentLength = 2000;
    private const int ButtonsPerRow = 5;

    /// <summary>Null when Discord would accept the message; else why not (so nothing is sent).</summary>
    public static string? Problem(MessageContent message) =>
        message.Content.Length > MaxContentLength ? $"content is {message.Content.Length} characters; Discord allows {MaxContentLength}."
        : message.Content.Length == 0 && message.Buttons is not { Count: > 0 } ? "a message needs content or buttons."
        : message.Buttons is { Count: > 25 } ? "at most 25 buttons (5 rows of 5)."
        : null;

    public static MessagePayload Message(MessageContent message, bool withFlags) => new()
    {
        Content = message.Content,
        Flags = withFlags && message.Ephemeral ? EphemeralFlag : null,
        Components = Rows(message.Buttons),
    };

    public static CallbackDataPayload CallbackMessage(MessageContent message) => new()
    {
        Content = message.Content,
        Flags = message.Ephemeral ? EphemeralFlag : null,
        Components = Rows(message.Buttons),
        AllowedMentions = AllowedMentionsPayload.None,
    };

    public static CallbackDataPayload Choices(IReadOnlyList<AutocompleteChoice> choices) => new()
    {
        Choices = [.. choices.Take(25).Select(c => new ChoicePayload(c.Name, c.Value))],
    };

    public static CallbackDataPayload Modal(Modal modal) => new()
    {
        CustomId = modal.CustomId,
        Title = modal.Title,
        Components = [.. modal.Inputs.Select(input => new ComponentPayload
        {
            Type = 1,
            Components =
            [
                new ComponentPayload
                {
                    Type = 4,
                    CustomId = input.CustomId,
                    Label = input.Label,
                    Style = input.Paragraph ? 2 : 1,
                    Required = input.Required,
                    MinLength = input.MinLength,
                    MaxLength = input.MaxLength,
                    Placeholder = input.Placeholder,
                },
            ],
        })],
    };

    private static List<ComponentPayload>? Rows(IReadOnlyList<MessageButton>? buttons) =>
        buttons is not { Count: > 0 }
            ? null
            : [.. buttons.Chunk(ButtonsPerRow).Select(row => new ComponentPayload
            {
                Type = 1,
                Components = [.. row.Select(b => new ComponentPayload { Type = 2, Style = (int)b.Style, Label = b.Label, CustomId = b.CustomId })],
            })];
}
