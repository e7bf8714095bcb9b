using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Application.Abstractions.State;
using Arrakis.Application.Behaviors;
using Arrakis.Application.Routing;
using Arrakis.Domain.Discord;
using Mediator;
using Microsoft.Extensions.Logging;

namespace Arrakis.Application.Members;

/// <summary>A member left: forget their sessions and verification in that guild. The ingestor may not know who (<c>unknown</c>).</summary>
public sealed record MemberLeft(string EventId, Snowflake GuildId, Snowflake? UserId) : ICommand<Result>, IIdempotent
{
    public string IdempotencyKey => "event:" + EventId;
}

internal sealed class MemberLeftRoute : GuildEventRoute<MemberLeft>
{
    public override IReadOnlyCollection<string> EventTypes { get; } = ["member.leave"];

    public override MemberLeft Bind(GuildEventInput input) => new(input.EventId, input.GuildId, input.UserId);
}

internal sealed partial class MemberLeftHandler(IGuildStateEraser eraser, ILogger<MemberLeftHandler> logger)
    : ICommandHandler<MemberLeft, Result>
{
    public async ValueTask<Result> Handle(MemberLeft command, CancellationToken cancellationToken)
    {
        if (command.UserId is not { } userId)
        {
            LogUnknownMember(command.GuildId, command.EventId);
            ApplicationTelemetry.Refused(nameof(MemberLeft), "unknown-user");
            return Result.Success;
        }

        var erased = await eraser.EraseMemberAsync(command.GuildId, userId, cancellationToken);
        LogForgotten(userId, command.GuildId, erased);
        return Result.Success;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "A member of guild {GuildId} left without a known user id (event {EventId}); nothing to forget")]
    private partial void LogUnknownMember(Snowflake guildId, string eventId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {UserId} left guild {GuildId}: {Erased} record(s) forgotten")]
    private partial void LogForgotten(Snowflake userId, Snowflake guildId, long erased);
}
