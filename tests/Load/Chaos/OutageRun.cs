using System.Diagnostics;
using System.Globalization;

namespace Arrakis.Load.Chaos;

/// <summary>
/// The shape of a service-restart scenario (broker, Redis): mixed traffic at a rate; after a while the shared service
/// is stopped, held down, and started again (always, even when stopping failed: it is shared); the worker's recovery
/// timed from the service being back; everything settled; then the checks and figures both restarts share.
/// </summary>
public sealed record OutageRun(
    WorkerProcess Worker,
    IReadOnlyList<SentMessage> Sent,
    WitnessReport Report,
    WorkerCounts? Counts,
    Recovery Recovery,
    DateTimeOffset StopAt,
    DateTimeOffset BackAt,
    TimeSpan Settled)
{
    /// <summary>Consuming again within this of the service being back.</summary>
    public static readonly TimeSpan Target = TimeSpan.FromSeconds(5);

    /// <param name="service">How the checks name it ("the broker", "Redis").</param>
    /// <param name="figure">The prefix of its figures ("broker", "redis").</param>
    /// <param name="stop">Stops the service; returns the name and duration of its stop figure.</param>
    /// <param name="whileDown">Looks at the worker halfway through the outage.</param>
    public static async Task<OutageRun> RunAsync(
        Arguments args, TextWriter output, ChaosSetup setup, ChaosVerdict verdict, string service, string figure, TimeSpan defaultDown,
        Func<Task<(string Figure, TimeSpan Took)>> stop, Func<Task> start, Func<WorkerProcess, Task>? whileDown = null)
    {
        var rate = args.Number("rate", 200);
        var duration = TimeSpan.FromSeconds(args.Number("duration", 25));
        var stopAfter = TimeSpan.FromSeconds(args.Number("stop-after", 6));
        var down = TimeSpan.FromSeconds(args.Number("down", defaultDown.TotalSeconds));
        var mix = TrafficMix.Parse(args.Text("mix", ChaosSetup.DefaultMix));

        var worker = await setup.StartWorkerAsync();
        await using var load = new IngestorLoad(setup.World.Broker.Url, setup.Factory);
        var clock = Stopwatch.StartNew();
        var publishing = load.PublishForAsync(mix, duration, rate);

        await Task.Delay(stopAfter);
        var stopAt = DateTimeOffset.UtcNow;
        DateTimeOffset backAt;
        try
        {
            var (stopFigure, took) = await stop();
            verdict.Figure(stopFigure, took.TotalMilliseconds, 0);
            var heldSince = Stopwatch.StartNew();
            if (whileDown is not null)
            {
                await Task.Delay(down / 2);
                await whileDown(worker);
            }

            var left = down - heldSince.Elapsed;
            if (left > TimeSpan.Zero)
            {
                await Task.Delay(left);
            }
        }
        finally
        {
            await start();
            backAt = DateTimeOffset.UtcNow;
        }

        var recovery = await Recovery.MeasureAsync(worker, TimeSpan.FromSeconds(60));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{figure} down {(backAt - stopAt).TotalSeconds:F1} s; worker ready {Recovery.Ms(recovery.Ready)} and handling {Recovery.Ms(recovery.Consuming)} after {service} was back"));

        var sent = await publishing;
        var report = await setup.SettleAsync(sent, TimeSpan.FromSeconds(args.Number("settle", 150)));
        var run = new OutageRun(worker, sent, report, await worker.CountsAsync(), recovery, stopAt, backAt, clock.Elapsed);

        verdict.Check("the worker stayed up", !worker.HasExited, worker.HasExited ? "exited" : "running, no restart");
        verdict.Check($"ready within 5 s of {service} being back", recovery.Ready <= Target, Recovery.Ms(recovery.Ready));
        verdict.Check($"consuming within 5 s of {service} being back", recovery.Consuming <= Target, Recovery.Ms(recovery.Consuming));
        verdict.CheckWitness(report, sent, new Outage(stopAt, backAt + (recovery.Ready ?? TimeSpan.Zero)));
        // An interaction whose callback could not go out in its window is dead-lettered by the Discord adapter (reason
        // discord-0, "not resent"): counted here; guild events are covered by "every guild event done".
        verdict.Figure("deadLettered", run.Counts?.DeadLettered ?? -1);
        verdict.Figure("ratePerSecond", rate);
        verdict.Figure("mix", mix.ToString());
        verdict.Figure(figure + "DownS", (backAt - stopAt).TotalSeconds);
        verdict.Figure("readyAfterBackMs", recovery.Ready?.TotalMilliseconds ?? -1, 0);
        verdict.Figure("consumingAfterBackMs", recovery.Consuming?.TotalMilliseconds ?? -1, 0);
        verdict.Figure("republished", load.Republished);
        verdict.Figure("settledAfterS", run.Settled.TotalSeconds);
        verdict.Figure("workerRetried", run.Counts?.Retried ?? -1);
        verdict.Figure("workerDropped", run.Counts?.Dropped ?? -1);
        verdict.Figure("peakRssMb", Figures.Megabytes(worker.PeakRssBytes), 0);
        return run;
    }
}
