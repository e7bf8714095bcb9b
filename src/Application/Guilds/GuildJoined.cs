using System.Globalization;
using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Application.Abstractions.State;
using Arrakis.Application.Routing;
using Arrakis.Domain.Discord;
using Mediator;

namespace Arrakis.Application.Guilds;

/// <summary>The bot was added to a guild (<c>guild.join</c>; the older spec's <c>guild.create</c>): its settings start.</summary>
public sealed record GuildJoined(string EventId, Snowflake GuildId, DateTimeOffset At) : ICommand<Result>, IIdempotent
{
    public string IdempotencyKey => "event:" + EventId;
}

internal sealed class GuildJoinedRoute : GuildEventRoute<GuildJoined>
{
    public override IReadOnlyCollection<string> EventTypes { get; } = ["guild.join", "guild.create"];

    public override GuildJoined Bind(GuildEventInput input) => new(input.EventId, input.GuildId, input.Timestamp);
}

internal sealed class GuildJoinedHandler(IGuildSettingsStore settings) : ICommandHandler<GuildJoined, Result>
{
    // No role and no welcome message by default: an admin opts in with /setup. The join time marks the settings as created.
    public async ValueTask<Result> Handle(GuildJoined command, CancellationToken cancellationToken)
    {
        await settings.SetAsync(command.GuildId, GuildSettingNames.JoinedAt, command.At.ToString("O", CultureInfo.InvariantCulture), cancellationToken);
        return Result.Success;
    }
}
