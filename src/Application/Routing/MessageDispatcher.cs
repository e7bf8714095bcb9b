using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Application.Interactions;
using Mediator;

namespace Arrakis.Application.Routing;

internal sealed class MessageDispatcher(RouteTable routes, ISender sender, InteractionLimits limits) : IMessageDispatcher
{
    public ValueTask<Result> DispatchAsync(GuildEventInput input, CancellationToken cancellationToken) =>
        routes.Find(input) is { } route
            ? sender.Send(route.Bind(input), cancellationToken)
            : ValueTask.FromResult(Result.Permanent("unroutable", $"No command handles event type '{input.EventType}'."));

    // An interaction nobody handles still gets an answer: "this command is not available", never silence.
    public ValueTask<Result> DispatchAsync(InteractionInput input, CancellationToken cancellationToken) =>
        sender.Send(routes.Find(input) is { } route ? route.Bind(input) : new UnavailableInteraction(input, limits.For(input)), cancellationToken);
}
