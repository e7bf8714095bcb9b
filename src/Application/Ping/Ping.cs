using System.Globalization;
using Arrakis.Application.Abstractions.Discord;
using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Application.Behaviors;
using Arrakis.Application.Interactions;
using Arrakis.Application.Routing;
using Mediator;

namespace Arrakis.Application.Ping;

/// <summary><c>/ping</c>: a short reply with how long the interaction waited in the queue.</summary>
public sealed record Ping(InteractionInput Interaction, RateLimit RateLimit) : InteractionCommand(Interaction, RateLimit)
{
    public override InteractionAcknowledgement Acknowledgement => InteractionAcknowledgement.None;
}

internal sealed class PingRoute(InteractionLimits limits) : InteractionRoute<Ping>
{
    public override InteractionKind Kind => InteractionKind.Command;

    public override string Key => "ping";

    public override Ping Bind(InteractionInput input) => new(input, limits.For(input));
}

internal sealed class PingHandler(InteractionAnswers answers, TimeProvider clock) : ICommandHandler<Ping, Result>
{
    public async ValueTask<Result> Handle(Ping command, CancellationToken cancellationToken)
    {
        // Queue time: from when the ingestor saw the interaction to now.
        var waited = clock.GetUtcNow() - command.Interaction.Timestamp;
        var text = string.Create(CultureInfo.InvariantCulture, $"Pong! This waited {Math.Max(0, waited.TotalMilliseconds):0} ms in the queue.");
        var result = await answers.RespondAsync(command.Interaction, new InteractionResponse.Reply(new MessageContent(text, Ephemeral: true)), cancellationToken);
        return result.ToResult();
    }
}
