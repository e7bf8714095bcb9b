using Arrakis.Domain.Discord;

namespace Arrakis.Application.Abstractions.Discord;

/// <summary>The interaction an answer is for: its id (and so its creation time) and its secret token.</summary>
public sealed record InteractionTarget(Snowflake InteractionId, InteractionToken Token)
{
    public DateTimeOffset CreatedAt => InteractionId.CreatedAt;
}
