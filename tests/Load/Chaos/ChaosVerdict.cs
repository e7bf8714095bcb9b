using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Arrakis.Load.Chaos;

/// <summary>
/// A chaos scenario's outcome: each pass criterion with whether it was met and the figure behind it, and the other
/// figures worth writing down. Printed as one result line per criterion and written as JSON for build/chaos.sh.
/// </summary>
public sealed class ChaosVerdict(string scenario)
{
    private readonly List<(string Name, bool Met, string Detail)> _criteria = [];
    private readonly JsonObject _figures = [];

    public string Scenario { get; } = scenario;

    public bool Passed => _criteria.Count > 0 && _criteria.All(c => c.Met);

    public IReadOnlyList<(string Name, bool Met, string Detail)> Criteria => _criteria;

    public void Check(string name, bool met, string detail) => _criteria.Add((name, met, detail));

    public void Figure(string name, JsonNode? value) => _figures[name] = value;

    public void Figure(string name, double value, int decimals = 1) => _figures[name] = Math.Round(value, decimals);

    /// <summary>Every criterion the witness decides in every scenario: nothing lost, nothing doubled, no 429, no spec violation.</summary>
    /// <param name="outage">When interactions could not be answered by anyone (their creation inside it): their 3-second window fell in the outage.</param>
    /// <param name="kill">For a crash: the kill (its outage's start) and the new worker consuming (its end).</param>
    public void CheckWitness(WitnessReport report, IReadOnlyList<SentMessage> sent, Outage? outage, Outage? kill = null)
    {
        var events = sent.Where(m => !m.IsInteraction).ToList();
        var eventsNotDone = report.NotDone.Count(m => !m.IsInteraction);
        Check("every guild event done", eventsNotDone == 0, $"{events.Count - eventsNotDone}/{events.Count} done");
        Check("every auto role added", report.RolesAdded == report.RoleJoins, $"{report.RolesAdded}/{report.RoleJoins}");
        Check("every welcome DM sent", report.WelcomesSent == report.WelcomeJoins, $"{report.WelcomesSent}/{report.WelcomeJoins}");

        var unanswered = sent.Where(m => m.IsInteraction).Except(AnsweredOf(report, sent)).ToList();
        var afterOutage = unanswered.Where(m => outage is null || m.CreatedAt > outage.End).ToList();
        Check("every interaction created after the outage answered", afterOutage.Count == 0,
            $"{report.Answered}/{report.Interactions} answered; {unanswered.Count} unanswered, {afterOutage.Count} of them created after the outage");
        if (outage is not null)
        {
            // Unanswered ones created long before the outage were held by the worker when it began (it lagged).
            Figure("unansweredCreatedInOutage", unanswered.Count(m => m.CreatedAt >= outage.Start - Outage.Window && m.CreatedAt <= outage.End));
            Figure("unansweredCreatedBeforeOutage", unanswered.Count(m => m.CreatedAt < outage.Start - Outage.Window));
        }

        Figure("interactions", report.Interactions);
        Figure("interactionsAnswered", report.Answered);
        Figure("interactionsUnanswered", unanswered.Count);
        Figure("lateCallbacks10062", report.LateCallbacks);

        var doubles = report.Doubles;
        if (kill is not null)
        {
            // A request in flight at the kill: Discord did it, the worker never recorded it, the redelivery does it
            // again. No record written after Discord's answer can prevent that (ADR 0075). Such a double's first copy
            // was sent by the killed worker (it reached the simulator before the new worker consumed, at most a second
            // before the kill: requests still in the sockets arrive a little after it) and every other copy by the new
            // one. Any other double is a fault.
            var crossed = doubles.Where(d => d.ArrivedAt[0] >= kill.Start - InFlightMargin && d.ArrivedAt[0] < kill.End && d.ArrivedAt.Skip(1).All(a => a >= kill.End)).ToList();
            Check("no side effect twice, except requests in flight at the kill", doubles.Count == crossed.Count,
                $"{doubles.Count} doubled ({string.Join(", ", doubles.Select(d => d.Effect))}), {crossed.Count} of them in flight at the kill");
            Figure("doubledInFlight", crossed.Count);
            Figure("doubles", new JsonArray([.. doubles.Select(d => (JsonNode)new JsonObject
            {
                ["effect"] = d.Effect,
                ["user"] = d.UserId,
                ["copiesMsAfterKill"] = new JsonArray([.. d.ArrivedAt.Select(a => (JsonNode)Math.Round((a - kill.Start).TotalMilliseconds))]),
            })]));
        }
        else
        {
            Check("no side effect twice", doubles.Count == 0, $"{doubles.Count} doubled ({string.Join(", ", doubles.Select(d => d.Effect))})");
        }

        Figure("doubled", doubles.Count);
        Check("no 429", report.RateLimited == 0, $"{report.RateLimited} 429s");
        Check("no spec violation", report.Violations == 0, $"{report.Violations} violations");
        Figure("published", report.Published);
        Figure("guildEvents", events.Count);
        Figure("roleJoins", report.RoleJoins);
        Figure("welcomeJoins", report.WelcomeJoins);
        Figure("serverErrorsSeen", report.ServerErrorsSeen);
    }

    /// <summary>Prints one line per criterion and the verdict, writes <c>{results}/{scenario}.json</c>; 0 when every criterion was met.</summary>
    public async Task<int> FinishAsync(TextWriter output, ChaosSetup setup)
    {
        var resultsDirectory = setup.ResultsDirectory;
        _figures["globalLimit"] = setup.World.Simulator.Options.GlobalLimit;
        _figures["workerSettings"] = new JsonObject([.. setup.WorkerSettings.Select(s => KeyValuePair.Create(s.Key, (JsonNode?)s.Value))]);
        foreach (var (name, met, detail) in _criteria)
        {
            await output.WriteLineAsync($"  [{(met ? "ok" : "FAIL")}] {name}: {detail}");
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"chaos {Scenario}: {(Passed ? "PASS" : "FAIL")} {_figures.ToJsonString()}"));
        Directory.CreateDirectory(resultsDirectory);
        var document = new JsonObject
        {
            ["scenario"] = Scenario,
            ["passed"] = Passed,
            ["at"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["commit"] = Environment.GetEnvironmentVariable("ARRAKIS_COMMIT") ?? "",
            ["criteria"] = new JsonArray([.. _criteria.Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["met"] = c.Met, ["detail"] = c.Detail })]),
            ["figures"] = _figures.DeepClone(),
        };
        await File.WriteAllTextAsync(Path.Combine(resultsDirectory, Scenario + ".json"), document.ToJsonString(Indented));
        return Passed ? 0 : 1;
    }

    // From Discord's answer to the record: a Redis write, on a worker that may be short of CPU. A second is generous.
    private static readonly TimeSpan InFlightMargin = TimeSpan.FromSeconds(1);

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static IEnumerable<SentMessage> AnsweredOf(WitnessReport report, IReadOnlyList<SentMessage> sent) =>
        sent.Where(m => m.IsInteraction && report.AnsweredTokens.Contains(m.InteractionToken!));
}

/// <summary>
/// When the worker could not answer (from the fault to the worker being back). An interaction created before its end
/// and not answered by its start cannot be answered any more: its 3-second window passed in the outage.
/// </summary>
public sealed record Outage(DateTimeOffset Start, DateTimeOffset End)
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(3);
}
