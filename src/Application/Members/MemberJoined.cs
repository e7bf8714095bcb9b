using Arrakis.Application.Abstractions.Discord;
using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Application.Abstractions.State;
using Arrakis.Application.Behaviors;
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

/// <remarks>
/// Each side effect is recorded as soon as Discord settled it (ADR 0075): a run after a crash, or after the welcome
/// failed transiently, does not add the role or send the welcome a second time.
/// </remarks>
internal sealed partial class MemberJoinedHandler(
    IGuildSettingsStore settings,
    IDiscordGuilds guilds,
    IDiscordDirectMessages directMessages,
    ISideEffectLog effects,
    ILogger<MemberJoinedHandler> logger) : ICommandHandler<MemberJoined, Result>
{
    internal const string AutoRoleEffect = "auto-role";
    internal const string WelcomeEffect = "welcome";

    public async ValueTask<Result> Handle(MemberJoined command, CancellationToken cancellationToken)
    {
        LogMemberJoined(command.UserId, command.GuildId, command.EventId);
        var values = await settings.GetAllAsync(command.GuildId, cancellationToken);

        if (values.TryGetValue(GuildSettingNames.AutoRole, out var role) && Snowflake.TryParse(role, out var roleId)
            && !await WasDoneAsync(command, AutoRoleEffect, cancellationToken))
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

            await RecordAsync(command, AutoRoleEffect);
        }

        if (values.TryGetValue(GuildSettingNames.WelcomeMessage, out var welcome) && welcome.Length > 0
            && !await WasDoneAsync(command, WelcomeEffect, cancellationToken))
        {
            var text = welcome.Replace("{user}", command.DisplayName ?? "there", StringComparison.Ordinal);
            var sent = await directMessages.SendAsync(command.UserId, new MessageContent(text), command.IdempotencyKey + ":" + WelcomeEffect, cancellationToken);
            if (sent.Error is { IsTransient: true })
            {
                return sent.ToResult();
            }

            if (sent.Error is { } refused)
            {
                // 50007: the member does not accept DMs from server members. Logged, not retried.
                LogWelcomeRefused(command.UserId, command.GuildId, refused.HttpStatus, refused.Code);
            }

            await RecordAsync(command, WelcomeEffect);
        }

        return Result.Success;
    }

    private async Task<bool> WasDoneAsync(MemberJoined command, string effect, CancellationToken cancellationToken)
    {
        if (!await effects.WasDoneAsync(command.IdempotencyKey, effect, cancellationToken))
        {
            return false;
        }

        LogEffectAlreadyDone(effect, command.EventId);
        return true;
    }

    // The effect happened: its record is what keeps a later run from repeating it, so a Redis outage is waited out
    // (bounded) rather than failing the run at once, and the message's token is not used: the record must go out
    // even if the run is being cancelled.
    private Task RecordAsync(MemberJoined command, string effect) =>
        StateWriteRetry.RunAsync(
            () => effects.RecordAsync(command.IdempotencyKey, effect, CancellationToken.None),
            () => LogEffectRecordRetried(effect, command.EventId));

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Effect} of event {EventId} was done but could not be recorded yet (state store unavailable); trying again")]
    private partial void LogEffectRecordRetried(string effect, string eventId);

    [LoggerMessage(Level = LogLevel.Information, Message = "The {Effect} of event {EventId} was done by an earlier run; not repeated")]
    private partial void LogEffectAlreadyDone(string effect, string eventId);

    // Debug: the outcome line (ADR 0041) already says the event was handled; a second line per join at Information
    // doubled the worker's log writes, its largest per-message cost in a drain (docs/benchmarks.md, fifth look).
    [LoggerMessage(Level = LogLevel.Debug, Message = "Member {UserId} joined guild {GuildId} (event {EventId})")]
    private partial void LogMemberJoined(Snowflake userId, Snowflake guildId, string eventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discord refused the auto role {RoleId} in guild {GuildId}: HTTP {Status}, code {Code}")]
    private partial void LogAutoRoleRefused(Snowflake guildId, Snowflake roleId, int status, int code);

    [LoggerMessage(Level = LogLevel.Information, Message = "Could not send the welcome message to {UserId} of guild {GuildId}: HTTP {Status}, code {Code}")]
    private partial void LogWelcomeRefused(Snowflake userId, Snowflake guildId, int status, int code);
}
