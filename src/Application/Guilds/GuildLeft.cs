using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Application.Abstractions.State;
using Arrakis.Application.Routing;
using Arrakis.Domain.Discord;
using Mediator;
using Microsoft.Extensions.Logging;

namespace Arrakis.Application.Guilds;

/// <summary>The bot left a guild, or it went away (<c>guild.leave</c>; the older spec's <c>guild.delete</c>): forget it entirely.</summary>
public sealed record GuildLeft(string EventId, Snowflake GuildId) : ICommand<Result>, IIdempotent
{
    public string IdempotencyKey => "event:" + EventId;
}

internal sealed class GuildLeftRoute : GuildEventRoute<GuildLeft>
{
    public override IReadOnlyCollection<string> EventTypes { get; } = ["guild.leave", "guild.delete"];

    public override GuildLeft Bind(GuildEventInput input) => new(input.EventId, input.GuildId);
}

internal sealed partial class GuildLeftHandler(IGuildStateEraser eraser, ILogger<GuildLeftHandler> logger) : ICommandHandler<GuildLeft, Result>
{
    public async ValueTask<Result> Handle(GuildLeft command, CancellationToken cancellationToken)
    {
        var erased = await eraser.EraseGuildAsync(command.GuildId, cancellationToken);
        LogErased(command.GuildId, erased);
        return Result.Success;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Left guild {GuildId}: {Erased} record(s) erased")]
    private partial void LogErased(Snowflake guildId, long erased);
}
