using Arrakis.Load.Bench;

namespace Arrakis.Load.Tests.Bench;

/// <summary>
/// Reduced runs of each benchmark scenario through the worker process: the machinery must count what happened
/// (every message done, every interaction answered once, every stale one dropped). Speed is the benchmarks' business.
/// </summary>
public sealed class BenchScenarioTests
{
    private static readonly string Logs = Path.Combine(Path.GetTempPath(), "arrakis-load-tests", "bench");

    [Fact]
    public async Task Throughput_DrainsTheSameQueuedJoinsBareThenThroughTheWorker_EachDoneOnce()
    {
        // More than the worker's prefetch (500): a smaller queue can be settled whole before /health first answers.
        var result = await ThroughputBench.RunAsync(Args("throughput", "--count", "3000"), TextWriter.Null);

        Assert.Equal(3000, result["published"]);
        Assert.Equal(3000, result["done"]);
        Assert.True(result["bare_per_s"] > 0, result.Line());
        Assert.True(result["worker_per_s"] > 0, result.Line());
        Assert.Equal(result["worker_per_s"] / result["bare_per_s"], result["ratio"], 6);
        Assert.True(result["peak_rss_mb"] > 0, result.Line());
    }

    [Fact]
    public async Task Latency_GivesOneLatencyPerInteraction_ColdAndMeasuredApart()
    {
        var result = await LatencyBench.RunAsync(Args("latency", "--rate", "50", "--warmup", "1", "--seconds", "2"), TextWriter.Null);

        Assert.Equal("latency-50", result.Label);
        Assert.Equal(50, result["cold_count"]);
        Assert.Equal(100, result["measured_count"]);
        Assert.Equal(150, result["interactions"]);
        Assert.Equal(0, result["unanswered"]);
        Assert.Equal(0, result["answered_twice"]);
        Assert.True(result["measured_p50_ms"] <= result["measured_p99_ms"] && result["measured_p99_ms"] <= result["measured_max_ms"], result.Line());
    }

    [Fact]
    public async Task SlowDiscord_EveryInteractionIsStillAnsweredOnce()
    {
        var result = await LatencyBench.RunSlowDiscordAsync(Args("slow-discord", "--rate", "40", "--warmup", "1", "--seconds", "2"), TextWriter.Null);

        Assert.Equal(120, result["interactions"]);
        Assert.Equal(0, result["unanswered"]);
        Assert.Equal(0, result["answered_twice"]);
        Assert.Equal(80, result["measured_count"]);
    }

    [Fact]
    public async Task StaleBacklog_DropsEveryStaleOneUnanswered_AndAnswersEveryFreshOne()
    {
        var result = await StaleBacklogBench.RunAsync(Args("stale-backlog", "--stale", "300", "--rate", "50", "--seconds", "2"), TextWriter.Null);

        Assert.Equal(300, result["stale_dropped"]);
        Assert.Equal(0, result["stale_not_dropped"]);
        Assert.Equal(0, result["stale_answered"]);
        Assert.Equal(100, result["fresh"]);
        Assert.Equal(0, result["fresh_unanswered"]);
        Assert.Equal(100, result["fresh_count"]);
    }

    [Fact]
    public async Task Startup_TimesEachWorkerProcessToReady()
    {
        var result = await StartupBench.RunAsync(Args("startup", "--times", "2"), TextWriter.Null);

        Assert.True(result["startup_min_ms"] > 0, result.Line());
        Assert.True(result["startup_min_ms"] <= result["startup_ms"] && result["startup_ms"] <= result["startup_max_ms"], result.Line());
        Assert.True(result["peak_rss_mb"] > 0, result.Line());
    }

    private static Arguments Args(params string[] args) => new([.. args, "--logs", Logs]);
}
