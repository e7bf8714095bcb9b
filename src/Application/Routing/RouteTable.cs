using Arrakis.Application.Abstractions.Messaging;

namespace Arrakis.Application.Routing;

/// <summary>
/// Every route the scan found, indexed once at start-up. Two routes claiming the same event type, command
/// name or custom id prefix stop the worker: which one wins must never depend on scan order.
/// </summary>
internal sealed class RouteTable
{
    private readonly Dictionary<string, IGuildEventRoute> _events = new(StringComparer.Ordinal);
    private readonly Dictionary<(InteractionKind, string), IInteractionRoute> _interactions = [];

    public RouteTable(IEnumerable<IGuildEventRoute> eventRoutes, IEnumerable<IInteractionRoute> interactionRoutes)
    {
        foreach (var route in eventRoutes)
        {
            foreach (var eventType in route.EventTypes)
            {
                if (!_events.TryAdd(eventType, route))
                {
                    throw new InvalidOperationException(
                        $"Event type '{eventType}' is routed twice: {_events[eventType].GetType().Name} and {route.GetType().Name}.");
                }
            }
        }

        foreach (var route in interactionRoutes)
        {
            if (!_interactions.TryAdd((route.Kind, route.Key), route))
            {
                throw new InvalidOperationException(
                    $"{route.Kind} '{route.Key}' is routed twice: {_interactions[(route.Kind, route.Key)].GetType().Name} and {route.GetType().Name}.");
            }
        }
    }

    public IReadOnlyCollection<string> EventTypes => _events.Keys;

    public IGuildEventRoute? Find(GuildEventInput input) => _events.GetValueOrDefault(input.EventType);

    public IInteractionRoute? Find(InteractionInput input) => input.Kind switch
    {
        InteractionKind.Command or InteractionKind.Autocomplete when input.CommandName is { } name =>
            _interactions.GetValueOrDefault((input.Kind, name)),
        // The ingestor does not send an autocomplete's command name today: with one autocomplete route, that is it.
        InteractionKind.Autocomplete => SingleRouteOf(InteractionKind.Autocomplete),
        InteractionKind.Component or InteractionKind.ModalSubmit when input.CustomId is { } customId =>
            FindByPrefix(input.Kind, customId),
        _ => null,
    };

    private IInteractionRoute? SingleRouteOf(InteractionKind kind)
    {
        var routes = _interactions.Where(r => r.Key.Item1 == kind).Take(2).ToList();
        return routes.Count == 1 ? routes[0].Value : null;
    }

    // The longest matching prefix wins, so "verify:retry:" can live beside "verify:".
    private IInteractionRoute? FindByPrefix(InteractionKind kind, string customId) =>
        _interactions
            .Where(r => r.Key.Item1 == kind && customId.StartsWith(r.Key.Item2, StringComparison.Ordinal))
            .OrderByDescending(r => r.Key.Item2.Length)
            .Select(r => r.Value)
            .FirstOrDefault();
}
