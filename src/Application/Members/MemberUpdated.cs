using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Application.Abstractions.State;
using Arrakis.Application.Guilds;
using Arrakis.Application.Routing;
using Arrakis.Domain.Discord;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.Logging;

namespace Arrakis.Application.Members;

/// <summary>A member's roles changed: when someone took the verified role away, the verification is revoked.</summary>
public sealed record MemberUpdated(string EventId, Snowflake GuildId, Snowflake UserId, IReadOnlyList<string> RemovedRoles, DateTimeOffset At)
    : ICommand<Result>, IIdempotent
{
    public string IdempotencyKey => "event:" + EventId;
}

internal sealed class MemberUpdatedRoute : GuildEventRoute<MemberUpdated>
{
    public override IReadOnlyCollection<string> EventTypes { get; } = ["member.update"];

    public override MemberUpdated Bind(GuildEventInput input) =>
        new(input.EventId, input.GuildId, input.UserId ?? default, input.Data.GetStrings("removedRoles"), input.Timestamp);
}

internal sealed class MemberUpdatedValidator : AbstractValidator<MemberUpdated>
{
    public MemberUpdatedValidator() =>
        RuleFor(c => c.UserId).NotEqual(default(Snowflake)).WithMessage("member.update carries no user id.");
}

internal sealed partial class MemberUpdatedHandler(
    IGuildSettingsStore settings,
    IVerificationStore verifications,
    ILogger<MemberUpdatedHandler> logger) : ICommandHandler<MemberUpdated, Result>
{
    public async ValueTask<Result> Handle(MemberUpdated command, CancellationToken cancellationToken)
    {
        if (command.RemovedRoles.Count == 0)
        {
            return Result.Success;
        }

        var verifiedRole = await settings.GetAsync(command.GuildId, GuildSettingNames.VerifiedRole, cancellationToken);
        if (verifiedRole is null || !command.RemovedRoles.Contains(verifiedRole))
        {
            return Result.Success;
        }

        if (await verifications.RevokeAsync(command.GuildId, command.UserId, command.At, cancellationToken))
        {
            LogRevoked(command.UserId, command.GuildId);
        }

        return Result.Success;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The verified role was taken from {UserId} in guild {GuildId}: verification revoked")]
    private partial void LogRevoked(Snowflake userId, Snowflake guildId);
}
