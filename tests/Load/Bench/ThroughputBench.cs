using System.Diagnostics;

namespace Arrakis.Load.Bench;

/// <summary>
/// <c>bench throughput</c>: the same number of queued <c>member.join</c> drained, in one run and one vhost, first by a
/// bare consumer that only acknowledges, then by the worker process through its full pipeline (contract checks,
/// idempotency claim and done record in Redis, the handler reading the guild's settings); the ratio of their rates.
/// </summary>
public static class ThroughputBench
{
    public const string EventQueue = "arrakis.events.guild";

    public static async Task<BenchResult> RunAsync(Arguments args, TextWriter output)
    {
        var count = args.Whole("count", 20_000);
        var prefetch = (ushort)args.Whole("prefetch", 200);
        var timeout = TimeSpan.FromMinutes(3);
        var result = new BenchResult
        {
            Label = "throughput",
            Note = $"{count} member.join (guilds with nothing set up: no Discord call) queued with no consumer, drained by a bare consumer " +
                   $"(prefetch {prefetch}, one delivery at a time, ack only), then {count} more by the worker process (default settings: EVENT_PREFETCH 500)",
            Targets = { new BenchTarget("ratio", ">=", 0.8), new BenchTarget("peak_rss_mb", "<", 150) },
        };
        await using var world = await LoadWorld.StartAsync(BenchCommand.LogDirectory(args));

        // A worker declares the topology once, then stops: the queue fills with no consumer attached.
        var declaring = await world.StartReadyWorkerAsync(args.WorkerEnvironment());
        await declaring.StopAsync();
        await using var load = new IngestorLoad(world.Broker.Url, new MessageFactory([]));
        var joins = TrafficMix.Only(MessageKind.Join);

        await FillAsync(world, load, joins, count);
        var ownCpu = Environment.CpuUsage.TotalTime;
        var brokerBefore = ServiceCpu.Read(ServiceCpu.Broker);
        var bare = await BareConsumer.DrainAsync(world.Broker.Url, EventQueue, count, prefetch, timeout);
        result["bare_broker_cpu_us_per_msg"] = ServiceCpu.PerMessage(brokerBefore, ServiceCpu.Read(ServiceCpu.Broker), count);
        result["bare_per_s"] = count / bare.TotalSeconds;
        // The whole load tool's processor time (the simulator idles meanwhile): an upper bound of the bare consumer's.
        result["bare_cpu_us_per_msg"] = (Environment.CpuUsage.TotalTime - ownCpu).TotalMicroseconds / count;

        var sent = await FillAsync(world, load, joins, count);
        ownCpu = Environment.CpuUsage.TotalTime;
        brokerBefore = ServiceCpu.Read(ServiceCpu.Broker);
        var redisBefore = ServiceCpu.Read(ServiceCpu.Redis);
        var worker = await world.StartWorkerAsync(args.WorkerEnvironment());
        var drain = await HealthWatch.DrainAsync(worker, count, timeout)
            ?? throw new TimeoutException($"The worker did not settle {count} messages in {timeout}; see {worker.LogPath}");
        // Diagnostics: the broker's and Redis's processor time per message while the worker started and drained.
        result["worker_broker_cpu_us_per_msg"] = ServiceCpu.PerMessage(brokerBefore, ServiceCpu.Read(ServiceCpu.Broker), count);
        result["worker_redis_cpu_us_per_msg"] = ServiceCpu.PerMessage(redisBefore, ServiceCpu.Read(ServiceCpu.Redis), count);
        result["worker_per_s"] = drain.PerSecond;
        // The load tool meanwhile (the /health readings and the copy of its log; the simulator idles): what it takes from the worker's cores.
        result["worker_load_tool_cpu_us_per_msg"] = (Environment.CpuUsage.TotalTime - ownCpu).TotalMicroseconds / count;
        result["ratio"] = drain.PerSecond / result["bare_per_s"];
        result["worker_first_reading"] = drain.Before;
        // Diagnostic, not the target's figure: the second half runs with most of the start-up compilation behind it.
        result["worker_second_half_per_s"] = drain.SecondHalfPerSecond;
        result["worker_drain_s"] = drain.Elapsed.TotalSeconds;
        result["worker_cpu_us_per_msg"] = drain.CpuMicrosecondsPerMessage;
        var report = await WitnessReport.SettleAsync(world, sent, TimeSpan.FromSeconds(30));
        result["published"] = report.Published;
        result["done"] = report.Done;
        result["peak_rss_mb"] = Figures.Megabytes(worker.PeakRssBytes);
        return result;
    }

    /// <summary>Publishes as the ingestor does, as fast as confirms allow, and waits until the queue holds them all.</summary>
    private static async Task<IReadOnlyList<SentMessage>> FillAsync(LoadWorld world, IngestorLoad load, TrafficMix mix, int count)
    {
        var sent = await load.PublishAsync(mix, count, perSecond: 0);
        await WaitQueuedAsync(world, EventQueue, count);
        return sent;
    }

    /// <summary>Waits (bounded: 30 s) until <paramref name="queue"/> holds <paramref name="count"/> ready messages.</summary>
    public static async Task WaitQueuedAsync(LoadWorld world, string queue, int count)
    {
        var waited = Stopwatch.StartNew();
        while ((await world.Broker.MessageCountAsync(queue) ?? 0) < count && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50);
        }
    }
}
