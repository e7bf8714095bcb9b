using Arrakis.Application.Abstractions.Messaging;

namespace Arrakis.Application.Interactions;

/// <summary>
/// Every user's limit across all commands (default 5 interactions per 10 s). Infrastructure binds it from
/// <c>USER_RATE_LIMIT</c> and <c>USER_RATE_WINDOW_MS</c>; routes receive it by injection.
/// </summary>
public sealed class InteractionLimits
{
    public int PerUser { get; init; } = 5;

    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(10);

    public RateLimit For(InteractionInput input) =>
        new("user-interactions", input.UserId.ToString(), PerUser, Window, input.InteractionId.ToString());
}
