using System.Text.Json;
using Arrakis.Application.Abstractions.Discord;
using Arrakis.Domain.Discord;
using Arrakis.Infrastructure.Discord.Rest;
using Arrakis.Infrastructure.Discord.Wire;

namespace Arrakis.Infrastructure.Discord;

/// <summary>Guild member routes, with the bot token; role changes carry an audit-log reason.</summary>
internal sealed class DiscordGuildsClient(DiscordRestClient client) : IDiscordGuilds
{
    public async Task<DiscordResult> AddRoleAsync(Snowflake guildId, Snowflake userId, Snowflake roleId, string auditLogReason, CancellationToken cancellationToken) =>
        (await client.SendAsync(RoleRequest(DiscordRoute.AddMemberRole, guildId, userId, roleId, auditLogReason), cancellationToken)).ToResult();

    public async Task<DiscordResult> RemoveRoleAsync(Snowflake guildId, Snowflake userId, Snowflake roleId, string auditLogReason, CancellationToken cancellationToken) =>
        (await client.SendAsync(RoleRequest(DiscordRoute.RemoveMemberRole, guildId, userId, roleId, auditLogReason), cancellationToken)).ToResult();

    public async Task<DiscordResult<GuildMember>> GetMemberAsync(Snowflake guildId, Snowflake userId, CancellationToken cancellationToken)
    {
        var response = await client.SendAsync(new DiscordRequest(DiscordRoute.GetMember, guildId.ToString(), userId.ToString()), cancellationToken);
        if (response.Error is { } error)
        {
            return new DiscordResult<GuildMember>(null, error);
        }

        var member = JsonSerializer.Deserialize(response.Body, DiscordJsonContext.Default.MemberPayload);
        var roles = (member?.Roles ?? []).Select(r => Snowflake.TryParse(r, out var id) ? id : default).Where(id => id.Value != 0).ToList();
        return new DiscordResult<GuildMember>(new GuildMember(userId, member?.User?.Username, member?.Nick, roles), null);
    }

    private static DiscordRequest RoleRequest(DiscordRoute route, Snowflake guildId, Snowflake userId, Snowflake roleId, string reason) =>
        new(route, guildId.ToString(), userId.ToString(), roleId.ToString()) { AuditLogReason = reason };
}
