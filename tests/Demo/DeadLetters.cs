using System.Text;
using RabbitMQ.Client;

namespace Arrakis.Demo;

/// <summary>A message the worker dead-lettered, with the fault headers it wrote.</summary>
internal sealed record DeadLetter(string MessageId, string RoutingKey, string Reason, string Error);

internal static class DeadLetters
{
    /// <summary>
    /// Takes this run's messages off the dead-letter queue and leaves everything else there: other messages are
    /// read unacknowledged, and closing the channel returns them to the queue.
    /// </summary>
    public static async Task<IReadOnlyList<DeadLetter>> TakeAsync(IConnection connection, string queue, IReadOnlySet<string> messageIds, CancellationToken cancellationToken)
    {
        var found = new List<DeadLetter>();
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        while (await channel.BasicGetAsync(queue, autoAck: false, cancellationToken) is { } message)
        {
            if (message.BasicProperties.MessageId is { } id && messageIds.Contains(id))
            {
                var headers = message.BasicProperties.Headers ?? new Dictionary<string, object?>();
                found.Add(new DeadLetter(
                    id,
                    Text(headers, "x-arrakis-original-routing-key") ?? message.RoutingKey,
                    Text(headers, "x-arrakis-reason") ?? "(no reason header)",
                    Text(headers, "x-arrakis-error") ?? ""));
                await channel.BasicAckAsync(message.DeliveryTag, multiple: false, cancellationToken);
            }
        }

        await channel.CloseAsync(cancellationToken);
        return found;
    }

    // The client hands string headers over as the bytes on the wire.
    private static string? Text(IDictionary<string, object?> headers, string name) => headers.TryGetValue(name, out var value)
        ? value switch
        {
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            null => null,
            _ => value.ToString(),
        }
        : null;
}
