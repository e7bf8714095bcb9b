namespace Arrakis.Application.Abstractions.Discord;

/// <summary>A message to send or to edit in: text, and optionally buttons. Mentions are never pinged.</summary>
public sealed record MessageContent(string Content, bool Ephemeral = false, IReadOnlyList<MessageButton>? Buttons = null);

public sealed record MessageButton(string CustomId, string Label, ButtonStyle Style = ButtonStyle.Primary);

/// <summary>Discord's button styles (link buttons are not used).</summary>
public enum ButtonStyle
{
    Primary = 1,
    Secondary = 2,
    Success = 3,
    Danger = 4,
}
