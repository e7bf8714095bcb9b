using Arrakis.Domain.Discord;

namespace Arrakis.Application.Abstractions.Discord;

/// <summary>Direct messages: opens (or reuses) the DM channel and sends there. 50007 means the user does not accept DMs.</summary>
public interface IDiscordDirectMessages
{
    /// <param name="sendOnceKey">
    /// Names this message: sent again with the same key within a few minutes (a run repeated after a crash that came
    /// between Discord accepting it and the run recording it), Discord answers with the message already made instead
    /// of making a second one.
    /// </param>
    Task<DiscordResult> SendAsync(Snowflake userId, MessageContent message, string sendOnceKey, CancellationToken cancellationToken);
}
