using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Application.Routing;
using Arrakis.Domain.Discord;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.Logging;

namespace Arrakis.Application.Members;

/// <summary>A member joined a guild the bot is in. Handled once per event, however often it is delivered.</summary>
public sealed record MemberJoined(string EventId, Snowflake GuildId, Snowflake UserId, string? DisplayName)
    : ICommand<Result>, IIdempotent
{
    public string IdempotencyKey => "event:" + EventId;
}

internal sealed class MemberJoinedRoute : GuildEventRoute<MemberJoined>
{
    public override IReadOnlyCollection<string> EventTypes { get; } = ["member.join"];

    public override MemberJoined Bind(GuildEventInput input) =>
        new(input.EventId, input.GuildId, input.UserId ?? default, input.Data.GetString("displayName"));
}

/// <summary>An event without a user can never succeed: the validation behavior dead-letters it.</summary>
internal sealed class MemberJoinedValidator : AbstractValidator<MemberJoined>
{
    public MemberJoinedValidator() =>
        RuleFor(c => c.UserId).NotEqual(default(Snowflake)).WithMessage("member.join carries no user id.");
}

internal sealed partial class MemberJoinedHandler(ILogger<MemberJoinedHandler> logger)
    : ICommandHandler<MemberJoined, Result>
{
    public ValueTask<Result> Handle(MemberJoined command, CancellationToken cancellationToken)
    {
        LogMemberJoined(command.UserId, command.GuildId, command.EventId);
        return ValueTask.FromResult(Result.Success);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {UserId} joined guild {GuildId} (event {EventId})")]
    private partial void LogMemberJoined(Snowflake userId, Snowflake guildId, string eventId);
}
