using Arrakis.Domain.Discord;

namespace Arrakis.Application.Abstractions.Messaging;

/// <summary>A guild event (member or guild lifecycle) as the queue adapter read it off the wire.</summary>
/// <param name="EventId">The ingestor's id for this publish; the idempotency key for events.</param>
/// <param name="EventType">The contract's event type (also the routing key), for example <c>member.join</c>.</param>
/// <param name="UserId">The member concerned; null when absent or sent as <c>unknown</c>.</param>
/// <param name="Data">The event-specific <c>data</c> object.</param>
public sealed record GuildEventInput(
    string EventId,
    string EventType,
    DateTimeOffset Timestamp,
    int ShardId,
    Snowflake GuildId,
    Snowflake? ChannelId,
    Snowflake? UserId,
    Payload Data)
{
    /// <summary>1 on first delivery; the queue adapter counts retries up from there.</summary>
    public int Attempt { get; init; } = 1;
}
