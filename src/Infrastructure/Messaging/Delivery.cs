using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Arrakis.Infrastructure.Messaging;

/// <summary>
/// A delivery taken out of the client's dispatcher. Handlers run outside it: the client waits for its dispatcher
/// before it processes a channel close, so handlers running inside it would stall the whole connection.
/// </summary>
internal sealed record Delivery(ulong DeliveryTag, bool Redelivered, string RoutingKey, IReadOnlyBasicProperties Properties, ReadOnlyMemory<byte> Body)
{
    /// <summary>Copies the body, which the client lends only until the event handler returns.</summary>
    public static Delivery Of(BasicDeliverEventArgs args) =>
        new(args.DeliveryTag, args.Redelivered, args.RoutingKey, args.BasicProperties, args.Body.ToArray());
}
