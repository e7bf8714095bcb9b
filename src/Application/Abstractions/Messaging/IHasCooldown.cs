using Arrakis.Domain.Discord;

namespace Arrakis.Application.Abstractions.Messaging;

/// <summary>A command a user may run only once per cooldown; during it the command does not run.</summary>
public interface IHasCooldown
{
    Cooldown Cooldown { get; }
}

public sealed record Cooldown(string Command, Snowflake UserId, TimeSpan Duration);
