using System.Diagnostics;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Arrakis.Load.Bench;

/// <summary>The floor: a consumer that does nothing but acknowledge, one delivery after the other.</summary>
public static class BareConsumer
{
    /// <summary>Drains <paramref name="expected"/> messages; the time from the first delivery to the last acknowledgement.</summary>
    public static async Task<TimeSpan> DrainAsync(string brokerUrl, string queue, int expected, ushort prefetch, TimeSpan timeout)
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(brokerUrl), ClientProvidedName = "arrakis-load-bare" }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(false, false, consumerDispatchConcurrency: 1));
        await channel.BasicQosAsync(0, prefetch, global: false);
        var acked = 0;
        var first = 0L;
        var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            Interlocked.CompareExchange(ref first, Stopwatch.GetTimestamp(), 0);
            await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
            if (Interlocked.Increment(ref acked) == expected)
            {
                done.TrySetResult(Stopwatch.GetTimestamp());
            }
        };
        var tag = await channel.BasicConsumeAsync(queue, autoAck: false, consumer);
        var last = await done.Task.WaitAsync(timeout);
        await channel.BasicCancelAsync(tag);
        return Stopwatch.GetElapsedTime(first, last);
    }
}
