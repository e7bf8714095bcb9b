using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Arrakis.DiscordSimulator;

namespace Arrakis.Load.Chaos;

/// <summary>
/// <c>chaos discord-5xx</c>: the simulator answers 500, 502 or 503 (in turn) to every request for 30 s while traffic
/// flows before, during and after. Pass: retries spaced with backoff (from the simulator's log), every guild event
/// done after the outage, no 429, no side effect twice; interactions whose window fell in the outage cannot be
/// answered by anyone and are dropped as documented (counted).
/// </summary>
public static class Discord5xxScenario
{
    private static readonly int[] Statuses = [500, 502, 503];

    public static async Task<int> RunAsync(Arguments args, TextWriter output)
    {
        var rate = args.Number("rate", 100);
        var before = TimeSpan.FromSeconds(args.Number("before", 5));
        var outageFor = TimeSpan.FromSeconds(args.Number("outage", 30));
        var after = TimeSpan.FromSeconds(args.Number("after", 10));
        var mix = TrafficMix.Parse(args.Text("mix", ChaosSetup.DefaultMix));
        await using var setup = await ChaosSetup.StartAsync(args, "discord-5xx");
        var world = setup.World;
        var verdict = new ChaosVerdict("discord-5xx");

        var worker = await setup.StartWorkerAsync();
        await using var load = new IngestorLoad(world.Broker.Url, setup.Factory);
        var clock = Stopwatch.StartNew();
        var publishing = load.PublishForAsync(mix, before + outageFor + after, rate);

        await Task.Delay(before);
        var start = DateTimeOffset.UtcNow;
        var end = start + outageFor;
        for (var i = 0; i < Statuses.Length; i++)
        {
            var turn = i;
            world.Simulator.Inject(new SimulatorFault
            {
                Matches = r => r.ReceivedAt >= start && r.ReceivedAt < end && r.Sequence % Statuses.Length == turn,
                Status = Statuses[turn],
                Body = SimulatorFault.ErrorBody(0, Statuses[turn] + ": Server Error"),
                Times = int.MaxValue,
            });
        }

        var sent = await publishing;
        var report = await setup.SettleAsync(sent, TimeSpan.FromSeconds(args.Number("settle", 120)));
        var settled = clock.Elapsed;
        var counts = await worker.CountsAsync();

        var spacing = RetrySpacing.Read(world.Simulator.Requests, end);
        await output.WriteLineAsync(spacing.Describe());
        verdict.Check("retries with backoff", spacing.Retries > 0 && spacing.MinimumGapMs >= RetrySpacing.HotLoopMs,
            string.Create(CultureInfo.InvariantCulture, $"{spacing.Retries} retries of {spacing.Requests} failed requests; shortest gap {spacing.MinimumGapMs:F0} ms"));
        verdict.CheckWitness(report, sent, new Outage(start, end));
        // An interaction whose callback could not go out in its window is dead-lettered by the Discord adapter (reason
        // discord-0, "not resent"): counted here; guild events are covered by "every guild event done".
        verdict.Figure("deadLettered", counts?.DeadLettered ?? -1);
        verdict.Figure("ratePerSecond", rate);
        verdict.Figure("outageS", outageFor.TotalSeconds);
        verdict.Figure("mix", mix.ToString());
        verdict.Figure("settledAfterS", settled.TotalSeconds);
        verdict.Figure("lastFailedRequestThroughAfterOutageS", spacing.LastRecoveredAfterOutage.TotalSeconds);
        verdict.Figure("failedRequests", spacing.Requests);
        verdict.Figure("retries", spacing.Retries);
        verdict.Figure("medianGapByAttemptMs", new JsonArray([.. spacing.MedianGapsMs.Select(g => (JsonNode)Math.Round(g))]));
        verdict.Figure("medianGapByAttemptMsByRoute", new JsonObject([.. spacing.MedianGapsMsByRoute.Select(r =>
            KeyValuePair.Create(r.Key, (JsonNode?)new JsonArray([.. r.Value.Select(g => (JsonNode)g)])))]));
        verdict.Figure("workerRetried", counts?.Retried ?? -1);
        verdict.Figure("workerDropped", counts?.Dropped ?? -1);
        verdict.Figure("peakRssMb", Figures.Megabytes(worker.PeakRssBytes), 0);
        return await verdict.FinishAsync(output, setup);
    }
}

/// <summary>
/// How the worker spaced its attempts at requests Discord failed, from the simulator's log: the same request
/// (method, path, body) sent again is a retry. Gaps are grouped by attempt number (1 to 2, 2 to 3, …).
/// </summary>
public sealed record RetrySpacing(int Requests, int Retries, double MinimumGapMs, IReadOnlyList<double> MedianGapsMs, TimeSpan LastRecoveredAfterOutage)
{
    /// <summary>The same medians per route (the REST client retries idempotent routes itself; the rest wait for the message's retry).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<double>> MedianGapsMsByRoute { get; init; } = new Dictionary<string, IReadOnlyList<double>>();

    /// <summary>Two attempts closer than this would be a retry without backoff.</summary>
    public const double HotLoopMs = 100;

    public static RetrySpacing Read(IReadOnlyList<SimulatorRequest> log, DateTimeOffset end)
    {
        // Interaction callbacks carry their token in the path; everything else is identified by path and body.
        var byRequest = log.Where(r => r.Route is not null)
            .GroupBy(r => r.Method + " " + r.Path + " " + r.Body, StringComparer.Ordinal)
            .Select(g => g.OrderBy(r => r.Sequence).ToList())
            .Where(attempts => attempts.Any(r => r.Status >= 500))
            .ToList();
        var gaps = GapsByAttempt(byRequest);

        // When the last request that had failed finally went through.
        var lastRecovered = byRequest.Select(attempts => attempts.FirstOrDefault(r => r.Status is >= 200 and < 300)?.ReceivedAt)
            .OfType<DateTimeOffset>().DefaultIfEmpty(end).Max();
        var all = gaps.SelectMany(g => g).ToList();
        return new RetrySpacing(
            byRequest.Count,
            all.Count,
            all.Count == 0 ? double.NaN : all.Min(),
            [.. gaps.Where(g => g.Count > 0).Select(g => Figures.Median(g))],
            lastRecovered - end)
        {
            MedianGapsMsByRoute = byRequest.GroupBy(a => a[0].Route!, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<double>)[.. GapsByAttempt([.. g]).Where(x => x.Count > 0).Select(x => Math.Round(Figures.Median(x)))], StringComparer.Ordinal),
        };
    }

    private static List<List<double>> GapsByAttempt(IReadOnlyList<List<SimulatorRequest>> byRequest)
    {
        var gaps = new List<List<double>>();
        foreach (var attempts in byRequest)
        {
            for (var i = 1; i < attempts.Count; i++)
            {
                while (gaps.Count < i)
                {
                    gaps.Add([]);
                }

                gaps[i - 1].Add(attempts[i].ReceivedAtMs - attempts[i - 1].ReceivedAtMs);
            }
        }

        return gaps;
    }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Requests} requests failed with 5xx, retried {Retries} times; median gap by attempt (ms): {string.Join(", ", MedianGapsMs.Select(g => g.ToString("F0", CultureInfo.InvariantCulture)))}; shortest {MinimumGapMs:F0} ms");
}
