using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Domain.Discord;
using FluentValidation;
using Mediator;

namespace Arrakis.Application.Tests.Behaviors;

/// <summary>An interaction command that opts into every behavior.</summary>
public sealed record TestInteraction(InteractionInput Interaction, InteractionAcknowledgement Acknowledgement, string Text = "ok")
    : ICommand<Result>, IInteractionCommand, IIdempotent, IRateLimited, IHasCooldown
{
    public string IdempotencyKey => "interaction:" + Interaction.InteractionId;

    public RateLimit RateLimit => new("test", Interaction.UserId.ToString(), 5, TimeSpan.FromMinutes(1), Interaction.InteractionId.ToString());

    public Cooldown Cooldown => new("test", Interaction.UserId, TimeSpan.FromSeconds(30), Interaction.InteractionId.ToString());
}

/// <summary>An event command that opts into every behavior that applies to events.</summary>
public sealed record TestEvent(string EventId, string Text = "ok") : ICommand<Result>, IIdempotent, IRateLimited, IHasCooldown
{
    public string IdempotencyKey => "event:" + EventId;

    public RateLimit RateLimit => new("test-event", "guild", 5, TimeSpan.FromMinutes(1), EventId);

    public Cooldown Cooldown => new("test-event", new Snowflake(42), TimeSpan.FromSeconds(30), EventId);
}

internal sealed class TestInteractionValidator : AbstractValidator<TestInteraction>
{
    public TestInteractionValidator() => RuleFor(c => c.Text).NotEmpty().WithMessage("Text must not be empty.");
}

internal sealed class TestEventValidator : AbstractValidator<TestEvent>
{
    public TestEventValidator() => RuleFor(c => c.Text).NotEmpty().WithMessage("Text must not be empty.");
}

internal static class Inputs
{
    public static readonly Snowflake User = new(287654321098765432);

    public static InteractionInput Interaction(DateTimeOffset createdAt, int attempt = 1, InteractionKind kind = InteractionKind.Command) => new(
        Guid.NewGuid().ToString(), "interaction.command.test", createdAt, 0, new Snowflake(1098765432109876543), null, User,
        Snowflake.FromTime(createdAt, (ulong)Random.Shared.Next(1, 0x3FFFFF)), new InteractionToken("secret-token"), kind,
        "test", null, Payload.Empty, new Dictionary<string, string>(), [], new HashSet<string>(), null)
    {
        Attempt = attempt,
    };
}

/// <summary>Used only by the telemetry tests, so measurements of other tests running in parallel never mix in.</summary>
public sealed record TelemetryProbe(string Id) : ICommand<Result>;
