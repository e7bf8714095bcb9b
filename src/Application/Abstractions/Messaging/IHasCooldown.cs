using Arrakis.Domain.Discord;

namespace Arrakis.Application.Abstractions.Messaging;

/// <summary>A command a user may run only once per cooldown; during it the command does not run.</summary>
public interface IHasCooldown
{
    Cooldown Cooldown { get; }
}

/// <param name="RequestId">The request that starts the cooldown (an interaction id): its own retries are not refused by it.</param>
public sealed record Cooldown(string Command, Snowflake UserId, TimeSpan Duration, string RequestId);
