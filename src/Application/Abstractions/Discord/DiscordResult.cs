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
}

/// <summary>A Discord answer with a value (a member, a DM channel).</summary>
public sealed record DiscordResult<T>(T? Value, DiscordError? Error)
{
    public bool IsSuccess => Error is null;
}
