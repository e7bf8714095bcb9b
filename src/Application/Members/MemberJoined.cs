using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Application.Routing;
using Arrakis.Domain.Discord;
using Mediator;
using Microsoft.Extensions.Logging;

namespace Arrakis.Application.Members;

/// <summary>A member joined a guild the bot is in.</summary>
public sealed record MemberJoined(string EventId, Snowflake GuildId, Snowflake UserId, string? DisplayName)
    : ICommand<Result>;

internal sealed class MemberJoinedRoute : GuildEventRoute<MemberJoined>
{
    public override IReadOnlyCollection<string> EventTypes { get; } = ["member.join"];

    public override MemberJoined Bind(GuildEventInput input) =>
        new(input.EventId, input.GuildId, input.UserId ?? default, input.Data.GetString("displayName"));
}

internal sealed partial class MemberJoinedHandler(ILogger<MemberJoinedHandler> logger)
    : ICommandHandler<MemberJoined, Result>
{
    public ValueTask<Result> Handle(MemberJoined command, CancellationToken cancellationToken)
    {
        if (command.UserId == default)
        {
            return ValueTask.FromResult(Result.Permanent("invalid-event", "member.join carries no user id."));
        }

        LogMemberJoined(command.UserId, command.GuildId, command.EventId);
        return ValueTask.FromResult(Result.Success);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {UserId} joined guild {GuildId} (event {EventId})")]
    private partial void LogMemberJoined(Snowflake userId, Snowflake guildId, string eventId);
}
