using Arrakis.Domain.Discord;

namespace Arrakis.Application.Abstractions.Discord;

/// <summary>Guild member operations, with the bot's authorization.</summary>
public interface IDiscordGuilds
{
    Task<DiscordResult> AddRoleAsync(Snowflake guildId, Snowflake userId, Snowflake roleId, string auditLogReason, CancellationToken cancellationToken);

    Task<DiscordResult> RemoveRoleAsync(Snowflake guildId, Snowflake userId, Snowflake roleId, string auditLogReason, CancellationToken cancellationToken);

    Task<DiscordResult<GuildMember>> GetMemberAsync(Snowflake guildId, Snowflake userId, CancellationToken cancellationToken);
}

public sealed record GuildMember(Snowflake UserId, string? Username, string? Nickname, IReadOnlyList<Snowflake> Roles);
