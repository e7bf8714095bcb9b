namespace Arrakis.DiscordSimulator;

/// <summary>A route the simulator answers: its bucket hash (shared by routes that share a limit) and its major parameter.</summary>
public sealed record SimulatedRoute(string Name, string Method, string Template, string Hash, bool BotAuthorization)
{
    private readonly string[] _segments = Template.Trim('/').Split('/');

    public bool TryMatch(string method, string path, out Dictionary<string, string> values)
    {
        values = [];
        if (!string.Equals(method, Method, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var parts = path.Trim('/').Split('/');
        if (parts.Length != _segments.Length)
        {
            return false;
        }

        for (var i = 0; i < parts.Length; i++)
        {
            var segment = _segments[i];
            if (segment.StartsWith('{'))
            {
                if (parts[i].Length == 0 || parts[i] == "@original")
                {
                    return false;
                }

                values[segment.Trim('{', '}')] = parts[i];
            }
            else if (!string.Equals(segment, parts[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Discord limits per top-level resource: a channel, a guild, a webhook with its token, an interaction.</summary>
    public string Major(IReadOnlyDictionary<string, string> values) =>
        values.TryGetValue("guild_id", out var guild) ? guild
        : values.TryGetValue("channel_id", out var channel) ? channel
        : values.TryGetValue("interaction_id", out var interaction) ? interaction
        : values.TryGetValue("webhook_id", out var webhook) ? webhook + "/" + values.GetValueOrDefault("webhook_token")
        : "";
}

/// <summary>The routes the worker uses, and a few more that the rate-limit checklist needs.</summary>
public static class SimulatedRoutes
{
    public const string Callback = "interaction.callback";
    public const string FollowUp = "webhook.followup";
    public const string GetOriginal = "webhook.original.get";
    public const string EditOriginal = "webhook.original.edit";
    public const string DeleteOriginal = "webhook.original.delete";
    public const string EditWebhookMessage = "webhook.message.edit";
    public const string AddRole = "guild.role.add";
    public const string RemoveRole = "guild.role.remove";
    public const string GetMember = "guild.member.get";
    public const string CreateDm = "user.dm.create";
    public const string CreateMessage = "channel.message.create";
    public const string EditMessage = "channel.message.edit";
    public const string DeleteMessage = "channel.message.delete";
    public const string EditChannel = "channel.edit";
    public const string CreateEmoji = "guild.emoji.create";

    public static readonly IReadOnlyList<SimulatedRoute> All =
    [
        new(Callback, "POST", "/interactions/{interaction_id}/{interaction_token}/callback", "interaction-callback", false),
        new(FollowUp, "POST", "/webhooks/{webhook_id}/{webhook_token}", "webhook-execute", false),
        new(GetOriginal, "GET", "/webhooks/{webhook_id}/{webhook_token}/messages/@original", "webhook-message", false),
        new(EditOriginal, "PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original", "webhook-message", false),
        new(DeleteOriginal, "DELETE", "/webhooks/{webhook_id}/{webhook_token}/messages/@original", "webhook-message", false),
        new(EditWebhookMessage, "PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}", "webhook-message", false),
        // Adding and removing a role share one bucket per guild, as on Discord.
        new(AddRole, "PUT", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}", "guild-member-role", true),
        new(RemoveRole, "DELETE", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}", "guild-member-role", true),
        new(GetMember, "GET", "/guilds/{guild_id}/members/{user_id}", "guild-member", true),
        new(CreateDm, "POST", "/users/@me/channels", "user-dm", true),
        // Creating and editing a message share one bucket per channel (checklist item 1).
        new(CreateMessage, "POST", "/channels/{channel_id}/messages", "channel-message", true),
        new(EditMessage, "PATCH", "/channels/{channel_id}/messages/{message_id}", "channel-message", true),
        new(DeleteMessage, "DELETE", "/channels/{channel_id}/messages/{message_id}", "channel-message-delete", true),
        new(EditChannel, "PATCH", "/channels/{channel_id}", "channel-edit", true),
        new(CreateEmoji, "POST", "/guilds/{guild_id}/emojis", "guild-emoji", true),
    ];

    public static bool IsInteractionRoute(string? route) =>
        route is not null && (route == Callback || route.StartsWith("webhook.", StringComparison.Ordinal));

    public static SimulatedRoute? Find(string method, string path, out Dictionary<string, string> values)
    {
        foreach (var route in All)
        {
            if (route.TryMatch(method, path, out values))
            {
                return route;
            }
        }

        values = [];
        return null;
    }
}
