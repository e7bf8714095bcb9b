namespace Arrakis.Application.Abstractions.Discord;

/// <summary>What Discord answered: success, or a classified failure with Discord's own error code.</summary>
public sealed record DiscordResult
{
    public static readonly DiscordResult Ok = new();

    public DiscordError? Error { get; init; }

    public bool IsSuccess => Error is null;

    public static DiscordResult Failed(DiscordError error) => new() { Error = error };
}

/// <summary>A failed Discord call. <see cref="Code"/> is Discord's JSON error code (10062, 50007, …) or 0.</summary>
public sealed record DiscordError(int HttpStatus, int Code, string Message, bool IsTransient)
{
    public const int UnknownInteraction = 10062;
    public const int InteractionAlreadyAcknowledged = 40060;
    public const int UnknownMember = 10007;
    public const int UnknownRole = 10011;
    public const int MissingAccess = 50001;
    public const int CannotMessageUser = 50007;
    public const int MissingPermissions = 50013;
    public const int InvalidWebhookToken = 50027;
    public const int InvalidFormBody = 50035;

    /// <summary>What went wrong, for callers that branch on it; <see cref="Code"/> keeps Discord's own number.</summary>
    public DiscordFailure Kind { get; init; } = DiscordFailure.Other;
}

/// <summary>The failures the worker tells apart. Transient ones (<see cref="DiscordError.IsTransient"/>) can succeed later.</summary>
public enum DiscordFailure
{
    Other,

    /// <summary>10062: too late (past the 3 s window) or an invalid interaction. Never retried.</summary>
    UnknownInteraction,

    /// <summary>40060: another response already acknowledged it; go on with the original response.</summary>
    AlreadyAcknowledged,

    /// <summary>401/50027 on an interaction webhook: the 15-minute token has expired.</summary>
    InteractionTokenExpired,

    UnknownMember,
    UnknownRole,
    MissingAccess,
    CannotMessageUser,
    MissingPermissions,

    /// <summary>400: Discord rejected the request (or the client did, before sending it).</summary>
    BadRequest,

    /// <summary>401 with the bot token: the token is invalid; bot requests stop.</summary>
    Unauthorized,

    /// <summary>429 that could not be waited out within the request's time.</summary>
    RateLimited,

    /// <summary>5xx, including 502 from Discord's edge.</summary>
    ServerError,

    Timeout,
    ConnectionFailed,

    /// <summary>The client refused to send: the invalid-request budget is spent or Discord's edge banned the IP.</summary>
    Blocked,
}

/// <summary>A Discord answer with a value (a member, a DM channel).</summary>
public sealed record DiscordResult<T>(T? Value, DiscordError? Error)
{
    public bool IsSuccess => Error is null;
}
