using Arrakis.Domain.Discord;

namespace Arrakis.Application.Abstractions.Messaging;

/// <summary>An interaction (slash command, component, modal, autocomplete) as the queue adapter read it.</summary>
/// <param name="CommandName">The slash command's name; for autocomplete, when the ingestor sends it.</param>
/// <param name="CustomId">The component's or modal's custom id.</param>
/// <param name="Options">Command options: name to value, a subcommand nesting as name to object.</param>
/// <param name="Fields">A submitted modal's text fields: component custom id to text.</param>
/// <param name="Values">The chosen values of a select menu.</param>
/// <param name="FocusedOption">The option being typed, for autocomplete, when the ingestor sends it.</param>
public sealed record InteractionInput(
    string EventId,
    string EventType,
    DateTimeOffset Timestamp,
    int ShardId,
    Snowflake GuildId,
    Snowflake? ChannelId,
    Snowflake UserId,
    Snowflake InteractionId,
    InteractionToken Token,
    InteractionKind Kind,
    string? CommandName,
    string? CustomId,
    Payload Options,
    IReadOnlyDictionary<string, string> Fields,
    IReadOnlyList<string> Values,
    IReadOnlySet<string> MemberPermissions,
    string? FocusedOption)
{
    /// <summary>When Discord created the interaction: the 3-second and 15-minute windows count from here.</summary>
    public DateTimeOffset CreatedAt => InteractionId.CreatedAt;

    /// <summary>1 on first delivery; the queue adapter counts retries up from there.</summary>
    public int Attempt { get; init; } = 1;
}

/// <summary>Discord's interaction types, by the <c>data.type</c> numbers the ingestor sends.</summary>
public enum InteractionKind
{
    Command = 2,
    Component = 3,
    Autocomplete = 4,
    ModalSubmit = 5,
}
