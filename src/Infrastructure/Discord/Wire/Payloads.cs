namespace Arrakis.Infrastructure.Discord.Wire;

/// <summary>POST /interactions/{id}/{token}/callback.</summary>
internal sealed record InteractionCallbackPayload(int Type, CallbackDataPayload? Data = null);

/// <summary>The callback's data: message fields (4, 7, and flags for 5), choices (8), or a modal (9).</summary>
internal sealed record CallbackDataPayload
{
    public string? Content { get; init; }

    public int? Flags { get; init; }

    public IReadOnlyList<ComponentPayload>? Components { get; init; }

    public AllowedMentionsPayload? AllowedMentions { get; init; }

    public IReadOnlyList<ChoicePayload>? Choices { get; init; }

    public string? CustomId { get; init; }

    public string? Title { get; init; }
}

/// <summary>A message to create or edit (follow-up, @original, channel message).</summary>
internal sealed record MessagePayload
{
    public string? Content { get; init; }

    public int? Flags { get; init; }

    public IReadOnlyList<ComponentPayload>? Components { get; init; }

    public AllowedMentionsPayload AllowedMentions { get; init; } = AllowedMentionsPayload.None;

    /// <summary>With <see cref="EnforceNonce"/>, Discord answers a retried create with the message it already made.</summary>
    public string? Nonce { get; init; }

    public bool? EnforceNonce { get; init; }
}

/// <summary>An action row (1), a button (2) or a text input (4).</summary>
internal sealed record ComponentPayload
{
    public int Type { get; init; }

    public int? Style { get; init; }

    public string? Label { get; init; }

    public string? CustomId { get; init; }

    public IReadOnlyList<ComponentPayload>? Components { get; init; }

    public bool? Required { get; init; }

    public int? MinLength { get; init; }

    public int? MaxLength { get; init; }

    public string? Placeholder { get; init; }
}

/// <summary>An empty <c>parse</c> list: the bot never pings anyone.</summary>
internal sealed record AllowedMentionsPayload(IReadOnlyList<string> Parse)
{
    public static readonly AllowedMentionsPayload None = new([]);
}

internal sealed record ChoicePayload(string Name, string Value);

internal sealed record CreateDmPayload(string RecipientId);

internal sealed record ChannelPayload(string Id);

internal sealed record UserPayload(string Id, string? Username);

internal sealed record MemberPayload(UserPayload? User, string? Nick, IReadOnlyList<string>? Roles);

/// <summary>Discord's error body, and the 429 body (retry_after in seconds, global).</summary>
internal sealed record ErrorPayload(int? Code, string? Message, double? RetryAfter, bool? Global);
