using Arrakis.Application.Abstractions.Messaging;
using Mediator;

namespace Arrakis.Application.Routing;

internal sealed class MessageDispatcher(RouteTable routes, ISender sender) : IMessageDispatcher
{
    public ValueTask<Result> DispatchAsync(GuildEventInput input, CancellationToken cancellationToken) =>
        routes.Find(input) is { } route
            ? sender.Send(route.Bind(input), cancellationToken)
            : ValueTask.FromResult(Result.Permanent("unroutable", $"No command handles event type '{input.EventType}'."));

    public ValueTask<Result> DispatchAsync(InteractionInput input, CancellationToken cancellationToken) =>
        routes.Find(input) is { } route
            ? sender.Send(route.Bind(input), cancellationToken)
            : ValueTask.FromResult(Result.Permanent("unroutable", $"No command handles {input.Kind} '{input.CommandName ?? input.CustomId}'."));
}
