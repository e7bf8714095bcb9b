using System.Diagnostics;
using System.Globalization;
using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Testing;
using RabbitMQ.Client;

namespace Arrakis.Benchmarks.Messaging;

/// <summary>
/// Bare consumer against the worker's consumer with a handler that does nothing, on the same broker and the
/// same pre-filled queue of member.join messages, alternating rounds so that both see the same machine load.
/// </summary>
internal static class ThroughputBenchmark
{
    private const string Queue = "arrakis.events.guild";
    private const ushort Prefetch = 50; // EVENT_PREFETCH's default; the bare consumer gets the same.

    public static async Task RunAsync(int messages, int rounds)
    {
        var broker = new IsolatedBroker();
        await broker.InitializeAsync();
        try
        {
            // Let the worker declare the topology once, then stop it: each round fills the queue with no consumer attached.
            await (await WorkerConsumer.StartAsync(broker.Url, new NothingDispatcher())).DisposeAsync();

            var bare = new List<double>();
            var worker = new List<double>();
            for (var round = 1; round <= rounds; round++)
            {
                await FillAsync(broker.Connection, messages);
                var elapsed = await BareConsumer.DrainAsync(broker.Connection, Queue, messages, Prefetch);
                bare.Add(messages / elapsed.TotalSeconds);

                await FillAsync(broker.Connection, messages);
                var dispatcher = new NothingDispatcher();
                await using (var consumer = await WorkerConsumer.StartAsync(broker.Url, dispatcher))
                {
                    var started = Stopwatch.GetTimestamp();
                    while (consumer.Settled < messages)
                    {
                        await Task.Delay(1);
                    }

                    // From the first message handed to the worker to the last acknowledgement.
                    worker.Add(messages / Stopwatch.GetElapsedTime(dispatcher.FirstAt == 0 ? started : dispatcher.FirstAt).TotalSeconds);
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {round}: bare {bare[^1]:F0} msg/s, worker {worker[^1]:F0} msg/s, ratio {worker[^1] / bare[^1]:P1}"));
            }

            var bareMedian = Median(bare);
            var workerMedian = Median(worker);
            var ratios = bare.Zip(worker, (b, w) => w / b).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"median of {rounds} rounds, {messages} member.join each: bare {bareMedian:F0} msg/s, worker {workerMedian:F0} msg/s, " +
                $"ratio of medians {workerMedian / bareMedian:P1}, median of round ratios {Median(ratios):P1}"));
        }
        finally
        {
            await broker.DisposeAsync();
        }
    }

    private static async Task FillAsync(IConnection connection, int count)
    {
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(true, true));
        var sample = WireFixture.Load("member.join");
        var pending = new List<Task>(1000);
        for (var i = 0; i < count; i++)
        {
            sample.Fresh();
            pending.Add(IngestorPublisher.PublishAsync(channel, sample.RoutingKey, sample.Properties, sample.BodyBytes));
            if (pending.Count == 1000)
            {
                await Task.WhenAll(pending);
                pending.Clear();
            }
        }

        await Task.WhenAll(pending);
        var waited = Stopwatch.StartNew();
        while ((await channel.QueueDeclarePassiveAsync(Queue)).MessageCount < count && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50);
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private sealed class NothingDispatcher : IMessageDispatcher
    {
        private long _firstAt;

        public long FirstAt => Interlocked.Read(ref _firstAt);

        public ValueTask<Result> DispatchAsync(GuildEventInput input, CancellationToken cancellationToken)
        {
            Interlocked.CompareExchange(ref _firstAt, Stopwatch.GetTimestamp(), 0);
            return ValueTask.FromResult(Result.Success);
        }

        public ValueTask<Result> DispatchAsync(InteractionInput input, CancellationToken cancellationToken) =>
            ValueTask.FromResult(Result.Success);
    }
}
