using Arrakis.Domain.Discord;

namespace Arrakis.Application.Abstractions.State;

/// <summary>
/// Remembers, for the token's lifetime, that an interaction got its initial response (a deferral or a reply), so
/// that a retried delivery edits or follows up instead of sending a second one (Discord answers that with 40060).
/// </summary>
public interface IInteractionResponseLog
{
    Task MarkAnsweredAsync(Snowflake interactionId, CancellationToken cancellationToken);

    Task<bool> WasAnsweredAsync(Snowflake interactionId, CancellationToken cancellationToken);
}
