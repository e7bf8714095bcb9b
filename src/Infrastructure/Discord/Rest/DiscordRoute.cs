namespace Arrakis.Infrastructure.Discord.Rest;

/// <summary>
/// A v10 route: method and path template. The template (ids left as placeholders) is also the route's key
/// until Discord names its bucket, and logs show only the template, never a token.
/// </summary>
internal sealed record DiscordRoute(string Method, string Template)
{
    public static readonly DiscordRoute InteractionCallback = new("POST", "interactions/{interaction_id}/{interaction_token}/callback");
    public static readonly DiscordRoute FollowUp = new("POST", "webhooks/{application_id}/{interaction_token}");
    public static readonly DiscordRoute EditOriginal = new("PATCH", "webhooks/{application_id}/{interaction_token}/messages/@original");
    public static readonly DiscordRoute DeleteOriginal = new("DELETE", "webhooks/{application_id}/{interaction_token}/messages/@original");
    public static readonly DiscordRoute AddMemberRole = new("PUT", "guilds/{guild_id}/members/{user_id}/roles/{role_id}");
    public static readonly DiscordRoute RemoveMemberRole = new("DELETE", "guilds/{guild_id}/members/{user_id}/roles/{role_id}");
    public static readonly DiscordRoute GetMember = new("GET", "guilds/{guild_id}/members/{user_id}");
    public static readonly DiscordRoute CreateDm = new("POST", "users/@me/channels");
    public static readonly DiscordRoute CreateMessage = new("POST", "channels/{channel_id}/messages");

    /// <summary>Interaction callbacks and interaction webhooks need no bot token and are exempt from the global limit.</summary>
    public bool IsInteraction => Template.StartsWith("interactions/", StringComparison.Ordinal) || Template.StartsWith("webhooks/", StringComparison.Ordinal);

    public bool IsCallback => Template.StartsWith("interactions/", StringComparison.Ordinal);

    public bool UsesBotToken => !IsInteraction;

    /// <summary>GET, PUT, PATCH and DELETE can be repeated after a timeout or a 5xx without doing anything twice.</summary>
    public bool IsIdempotent => Method is "GET" or "PUT" or "PATCH" or "DELETE";

    public override string ToString() => Method + " /" + Template;
}
