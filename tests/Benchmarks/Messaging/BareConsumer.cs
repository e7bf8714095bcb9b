using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Arrakis.Benchmarks.Messaging;

/// <summary>The floor: a consumer that does nothing but acknowledge, one delivery after the other, with the worker's prefetch.</summary>
internal static class BareConsumer
{
    public static async Task<TimeSpan> DrainAsync(IConnection connection, string queue, int expected, ushort prefetch)
    {
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(false, false, consumerDispatchConcurrency: 1));
        await channel.BasicQosAsync(0, prefetch, global: false);
        var acked = 0;
        var first = 0L;
        var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            Interlocked.CompareExchange(ref first, System.Diagnostics.Stopwatch.GetTimestamp(), 0);
            await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
            if (Interlocked.Increment(ref acked) == expected)
            {
                done.TrySetResult(System.Diagnostics.Stopwatch.GetTimestamp());
            }
        };
        var tag = await channel.BasicConsumeAsync(queue, autoAck: false, consumer);
        var last = await done.Task.WaitAsync(TimeSpan.FromMinutes(5));
        await channel.BasicCancelAsync(tag);
        return System.Diagnostics.Stopwatch.GetElapsedTime(first, last);
    }
}
