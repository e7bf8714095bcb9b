using Arrakis.Application.Abstractions.Discord;

namespace Arrakis.Infrastructure.Discord.Rest;

/// <summary>A finished call: the status and body of a success, or a classified error.</summary>
internal sealed record DiscordResponse(int Status, byte[] Body, DiscordError? Error)
{
    public bool IsSuccess => Error is null;

    public static DiscordResponse Failed(DiscordError error) => new(error.HttpStatus, [], error);

    public DiscordResult ToResult() => Error is null ? DiscordResult.Ok : DiscordResult.Failed(Error);
}
