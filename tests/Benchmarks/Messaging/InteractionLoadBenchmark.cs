using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Testing;
using RabbitMQ.Client;

namespace Arrakis.Benchmarks.Messaging;

/// <summary>
/// The sizing check for the defaults (docs/adr/0011): interactions published at a steady rate, each handler
/// waiting as a Discord call would; how long after its creation each one is handled, and how many expire.
/// </summary>
internal static class InteractionLoadBenchmark
{
    public static async Task RunAsync(int perSecond, int seconds, int discordCallMs)
    {
        var broker = new IsolatedBroker();
        await broker.InitializeAsync();
        try
        {
            var dispatcher = new SlowDispatcher(TimeSpan.FromMilliseconds(discordCallMs));
            await using var worker = await WorkerConsumer.StartAsync(broker.Url, dispatcher);
            var total = perSecond * seconds;
            await using var channel = await broker.Connection.CreateChannelAsync(new CreateChannelOptions(true, true));
            var clock = Stopwatch.StartNew();
            var pending = new List<Task>(total);
            for (var i = 0; i < total; i++)
            {
                // Paced, not bursted: message i leaves at i / rate seconds.
                var due = TimeSpan.FromSeconds((double)i / perSecond);
                if (due > clock.Elapsed)
                {
                    await Task.Delay(due - clock.Elapsed);
                }

                var sample = WireFixture.Load("interaction.command.verify").Fresh();
                pending.Add(IngestorPublisher.PublishAsync(channel, sample.RoutingKey, sample.Properties, sample.BodyBytes));
            }

            await Task.WhenAll(pending);
            var waited = Stopwatch.StartNew();
            while (worker.Settled < total && waited.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(20);
            }

            var ages = dispatcher.HandledAfter.Select(t => t.TotalMilliseconds).Order().ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"interactions: {total} at {perSecond}/s with {discordCallMs} ms handlers, default settings: settled {worker.Settled}, handled {ages.Count}; " +
                $"creation to handled p50 {Percentile(ages, 0.50):F0} ms, p99 {Percentile(ages, 0.99):F0} ms, max {ages.LastOrDefault():F0} ms; " +
                $"handled later than 3 s: {ages.Count(a => a > 3000)}"));
        }
        finally
        {
            await broker.DisposeAsync();
        }
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private sealed class SlowDispatcher(TimeSpan call) : IMessageDispatcher
    {
        public ConcurrentBag<TimeSpan> HandledAfter { get; } = [];

        public ValueTask<Result> DispatchAsync(GuildEventInput input, CancellationToken cancellationToken) =>
            ValueTask.FromResult(Result.Success);

        public async ValueTask<Result> DispatchAsync(InteractionInput input, CancellationToken cancellationToken)
        {
            await Task.Delay(call, cancellationToken);
            HandledAfter.Add(DateTimeOffset.UtcNow - input.CreatedAt);
            return Result.Success;
        }
    }
}
