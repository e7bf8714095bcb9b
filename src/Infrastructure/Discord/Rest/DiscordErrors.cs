using System.Text.Json;
using Arrakis.Application.Abstractions.Discord;
using Arrakis.Infrastructure.Discord.Wire;

namespace Arrakis.Infrastructure.Discord.Rest;

/// <summary>Turns Discord's answers (and the client's own refusals) into classified <see cref="DiscordError"/>s.</summary>
internal static class DiscordErrors
{
    /// <summary>Codes that say "slow down" rather than "this can never work".</summary>
    private static readonly HashSet<int> TransientCodes = [20028, 20029, 40003, 40062, 130000];

    public static ErrorPayload? ReadBody(byte[] body)
    {
        if (body.Length == 0 || body[0] != (byte)'{')
        {
            return null; // empty, or Cloudflare's HTML page
        }

        try
        {
            return JsonSerializer.Deserialize(body, DiscordJsonContext.Default.ErrorPayload);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static DiscordError FromResponse(int status, ErrorPayload? payload, DiscordRoute route)
    {
        var code = payload?.Code ?? 0;
        var message = Clip(payload?.Message) ?? $"HTTP {status}";
        var kind = code switch
        {
            DiscordError.UnknownInteraction => DiscordFailure.UnknownInteraction,
            DiscordError.InteractionAlreadyAcknowledged => DiscordFailure.AlreadyAcknowledged,
            DiscordError.InvalidWebhookToken => DiscordFailure.InteractionTokenExpired,
            DiscordError.UnknownMember => DiscordFailure.UnknownMember,
            DiscordError.UnknownRole => DiscordFailure.UnknownRole,
            DiscordError.MissingAccess => DiscordFailure.MissingAccess,
            DiscordError.CannotMessageUser => DiscordFailure.CannotMessageUser,
            DiscordError.MissingPermissions => DiscordFailure.MissingPermissions,
            _ => status switch
            {
                401 when route.IsInteraction => DiscordFailure.InteractionTokenExpired,
                401 => DiscordFailure.Unauthorized,
                404 when route.IsCallback => DiscordFailure.UnknownInteraction,
                429 => DiscordFailure.RateLimited,
                >= 500 => DiscordFailure.ServerError,
                400 => DiscordFailure.BadRequest,
                _ => DiscordFailure.Other,
            },
        };
        var transient = status >= 500 || status == 429 || TransientCodes.Contains(code);
        return new DiscordError(status, code, message, transient) { Kind = kind };
    }

    public static DiscordError Local(DiscordFailure kind, string message, bool transient, int code = 0) =>
        new(0, code, message, transient) { Kind = kind };

    public static DiscordError Rejected(string message) =>
        Local(DiscordFailure.BadRequest, message, transient: false, DiscordError.InvalidFormBody);

    /// <summary>Discord's messages are short; a proxy's HTML page is not, and is not worth carrying.</summary>
    private static string? Clip(string? message) => message is { Length: > 300 } ? message[..300] : message;
}
