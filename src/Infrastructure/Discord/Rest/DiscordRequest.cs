using System.Security.Cryptography;
using System.Text;
using Arrakis.Domain.Discord;

namespace Arrakis.Infrastructure.Discord.Rest;

/// <summary>One call: a route, the values of its placeholders in order, and an optional JSON body.</summary>
internal sealed record DiscordRequest(DiscordRoute Route, params string[] Values)
{
    private static readonly TimeSpan OldMessageAge = TimeSpan.FromDays(14);

    public byte[]? Body { get; init; }

    /// <summary>URL-encoded into X-Audit-Log-Reason (at most 512 characters).</summary>
    public string? AuditLogReason { get; init; }

    /// <summary>Whether a timeout or a 5xx may be retried; idempotent methods and create-message with a nonce are.</summary>
    public bool? SafeToRetry { get; init; }

    /// <summary>When the answer stops being useful (an interaction's 3 s window); the client gives up then.</summary>
    public DateTimeOffset? Deadline { get; init; }

    public bool CanRetry => SafeToRetry ?? Route.IsIdempotent;

    public string Path()
    {
        var builder = new StringBuilder(Route.Template.Length + 64);
        var index = 0;
        foreach (var segment in Route.Template.Split('/'))
        {
            if (builder.Length > 0)
            {
                builder.Append('/');
            }

            builder.Append(segment.StartsWith('{') ? Uri.EscapeDataString(Values[index++]) : segment);
        }

        return builder.ToString();
    }

    /// <summary>
    /// Discord's limits are per top-level resource: a guild, a channel, a webhook with its token, an interaction.
    /// Tokens are hashed, so that no Redis key holds one.
    /// </summary>
    public string MajorParameter()
    {
        var segments = Route.Template.Split('/');
        return segments[0] switch
        {
            "guilds" or "channels" or "interactions" when segments.Length > 1 && segments[1].StartsWith('{') => Values[0],
            "webhooks" when segments.Length > 2 => Values[0] + "/" + Fingerprint(Values[1]),
            _ => "",
        };
    }

    /// <summary>The route's own key: its template, with deletes of messages older than 14 days apart (Discord limits those separately).</summary>
    public string RouteKey()
    {
        var key = Route.ToString();
        if (Route.Method == "DELETE" && Route.Template == "channels/{channel_id}/messages/{message_id}"
            && Snowflake.TryParse(Values[1], out var message) && DateTimeOffset.UtcNow - message.CreatedAt > OldMessageAge)
        {
            key += " (older than 14 days)";
        }

        return key;
    }

    public static string Fingerprint(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)))[..16];

    public string DescribeForLog() => RouteKey() + (MajorParameter() is { Length: > 0 } major && !Route.IsInteraction ? " " + major : "")
        + (Route.IsCallback ? " " + Values[0] : "");

    /// <summary>Never the values: they can hold an interaction token.</summary>
    public override string ToString() => DescribeForLog();
}
