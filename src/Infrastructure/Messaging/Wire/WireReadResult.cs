using Arrakis.Application.Abstractions.Messaging;

namespace Arrakis.Infrastructure.Messaging.Wire;

/// <summary>A message body read against the contract: one input, or the reason it breaks the contract.</summary>
internal sealed class WireReadResult
{
    private WireReadResult(GuildEventInput? guildEvent, InteractionInput? interaction, string? failureCode, string? failureReason)
    {
        GuildEvent = guildEvent;
        Interaction = interaction;
        FailureCode = failureCode;
        FailureReason = failureReason;
    }

    public GuildEventInput? GuildEvent { get; }

    public InteractionInput? Interaction { get; }

    /// <summary>A stable code for the dead-letter header: not-utf8, not-json, too-large, contract.</summary>
    public string? FailureCode { get; }

    public string? FailureReason { get; }

    public bool IsValid => FailureCode is null;

    public string? EventId => GuildEvent?.EventId ?? Interaction?.EventId;

    public string? EventType => GuildEvent?.EventType ?? Interaction?.EventType;

    public static WireReadResult Of(GuildEventInput input) => new(input, null, null, null);

    public static WireReadResult Of(InteractionInput input) => new(null, input, null, null);

    public static WireReadResult Fail(string code, string reason) => new(null, null, code, reason);
}
