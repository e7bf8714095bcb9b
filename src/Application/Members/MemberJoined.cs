using Arrakis.Application.Abstractions.Discord;
using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Application.Abstractions.State;
using Arrakis.Application.Guilds;
using Arrakis.Application.Interactions;
using Arrakis.Application.Routing;
using Arrakis.Domain.Discord;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.Logging;

namespace Arrakis.Application.Members;

/// <summary>
/// A member joined: they get the guild's auto role and its welcome message by DM, when set. Handled once per
/// event, however often it is delivered.
/// </summary>
public sealed record MemberJoined(string EventId, Snowflake GuildId, Snowflake UserId, string? DisplayName)
    : ICommand<Result>, IIdempotent
{
    public string IdempotencyKey => "event:" + EventId;
}

internal sealed class MemberJoinedRoute : GuildEventRoute<MemberJoined>
{
    public override IReadOnlyCollection<string> EventTypes { get; } = ["member.join"];

    public override MemberJoined Bind(GuildEventInput input) =>
        new(input.EventId, input.GuildId, input.UserId ?? default,
            input.Data.GetString("displayName") ?? input.Data.GetString("username"));
}

/// <summary>An event without a user can never succeed: the validation behavior dead-letters it.</summary>
internal sealed class MemberJoinedValidator : AbstractValidator<MemberJoined>
{
    public MemberJoinedValidator() =>
        RuleFor(c => c.UserId).NotEqual(default(Snowflake)).WithMessage("member.join carries no user id.");
}

internal sealed partial class MemberJoinedHandler(
    IGuildSettingsStore settings,
    IDiscordGuilds guilds,
    IDiscordDirectMessages directMessages,
    ILogger<MemberJoinedHandler> logger) : ICommandHandler<MemberJoined, Result>
{
    public async ValueTask<Result> Handle(MemberJoined command, CancellationToken cancellationToken)
    {
        LogMemberJoined(command.UserId, command.GuildId, command.EventId);
        var values = await settings.GetAllAsync(command.GuildId, cancellationToken);

        if (values.TryGetValue(GuildSettingNames.AutoRole, out var role) && Snowflake.TryParse(role, out var roleId))
        {
            var added = await guilds.AddRoleAsync(command.GuildId, command.UserId, roleId, "Arrakis: auto role on join", cancellationToken);
            if (added.Error is { IsTransient: true })
            {
                return added.ToResult();
            }

            if (added.Error is { } refused)
            {
                // Unknown member (already left), unknown role, missing permissions: retrying cannot help.
                LogAutoRoleRefused(command.GuildId, roleId, refused.HttpStatus, refused.Code);
            }
        }

        if (values.TryGetValue(GuildSettingNames.WelcomeMessage, out var welcome) && welcome.Length > 0)
        {
            var text = welcome.Replace("{user}", command.DisplayName ?? "there", StringComparison.Ordinal);
            var sent = await directMessages.SendAsync(command.UserId, new MessageContent(text), cancellationToken);
            if (sent.Error is { IsTransient: true })
            {
                return sent.ToResult();
            }

            if (sent.Error is { } refused)
            {
                // 50007: the member does not accept DMs from server members. Logged, not retried.
                LogWelcomeRefused(command.UserId, command.GuildId, refused.HttpStatus, refused.Code);
            }
        }

        return Result.Success;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {UserId} joined guild {GuildId} (event {EventId})")]
    private partial void LogMemberJoined(Snowflake userId, Snowflake guildId, string eventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discord refused the auto role {RoleId} in guild {GuildId}: HTTP {Status}, code {Code}")]
    private partial void LogAutoRoleRefused(Snowflake guildId, Snowflake roleId, int status, int code);

    [LoggerMessage(Level = LogLevel.Information, Message = "Could not send the welcome message to {UserId} of guild {GuildId}: HTTP {Status}, code {Code}")]
    private partial void LogWelcomeRefused(Snowflake userId, Snowflake guildId, int status, int code);
}
