using System.Globalization;
using System.Text;
using Arrakis.Infrastructure.Discord.Rest;

namespace Arrakis.DiscordSimulator.Tests;

/// <summary>Requests on routes beyond the ports, for the rate-limit checklist (the client's pipeline is the same for all).</summary>
internal static class Calls
{
    public static readonly DiscordRoute EditMessageRoute = new("PATCH", "channels/{channel_id}/messages/{message_id}");
    public static readonly DiscordRoute DeleteMessageRoute = new("DELETE", "channels/{channel_id}/messages/{message_id}");
    public static readonly DiscordRoute EditChannelRoute = new("PATCH", "channels/{channel_id}");
    public static readonly DiscordRoute CreateEmojiRoute = new("POST", "guilds/{guild_id}/emojis");

    public static DiscordRequest CreateMessage(ulong channel, string content = "hi") =>
        new(DiscordRoute.CreateMessage, Id(channel)) { Body = Json($$"""{"content":"{{content}}"}""") };

    public static DiscordRequest EditMessage(ulong channel, ulong message) =>
        new(EditMessageRoute, Id(channel), Id(message)) { Body = Json("""{"content":"edited"}""") };

    public static DiscordRequest DeleteMessage(ulong channel, ulong message) => new(DeleteMessageRoute, Id(channel), Id(message));

    public static DiscordRequest EditChannel(ulong channel, string body) => new(EditChannelRoute, Id(channel)) { Body = Json(body) };

    public static DiscordRequest CreateEmoji(ulong guild) =>
        new(CreateEmojiRoute, Id(guild)) { Body = Json("""{"name":"spice","image":"data:image/png;base64,iVBORw0KGgo="}""") };

    public static DiscordRequest AddRole(ulong guild, ulong user, ulong role = 77) =>
        new(DiscordRoute.AddMemberRole, Id(guild), Id(user), Id(role)) { AuditLogReason = "test" };

    public static DiscordRequest RemoveRole(ulong guild, ulong user, ulong role = 77) =>
        new(DiscordRoute.RemoveMemberRole, Id(guild), Id(user), Id(role)) { AuditLogReason = "test" };

    public static DiscordRequest GetMember(ulong guild, ulong user) => new(DiscordRoute.GetMember, Id(guild), Id(user));

    public static DiscordRequest FollowUp(string token) =>
        new(DiscordRoute.FollowUp, DiscordClientHarness.ApplicationId, token) { Body = Json("""{"content":"more"}""") };

    public static async Task<DiscordResponse> Send(this Scenario scenario, DiscordRequest request, CancellationToken cancellationToken = default) =>
        await scenario.Client.Rest.SendAsync(request, cancellationToken);

    private static string Id(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    private static byte[] Json(string json) => Encoding.UTF8.GetBytes(json);
}
