using Arrakis.Domain.Discord;

namespace Arrakis.Application.Abstractions.Discord;

/// <summary>Direct messages: opens (or reuses) the DM channel and sends there. 50007 means the user does not accept DMs.</summary>
public interface IDiscordDirectMessages
{
    Task<DiscordResult> SendAsync(Snowflake userId, MessageContent message, CancellationToken cancellationToken);
}
