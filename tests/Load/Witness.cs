using Arrakis.DiscordSimulator;

namespace Arrakis.Load;

/// <summary>
/// What happened to each published message, read from the two places that cannot lie about it: the simulator's log
/// (every Discord side effect, with its status) and Redis (the worker's "done" record of each message).
/// </summary>
public sealed record WitnessReport(
    int Published,
    int Done,
    int Interactions,
    int Answered,
    int AnsweredTwice,
    int LateCallbacks,
    int DuplicateCallbacks,
    int Unanswered,
    int RoleJoins,
    int RolesAdded,
    int RolesAddedTwice,
    int RateLimited,
    int ServerErrorsSeen,
    int Violations,
    IReadOnlyList<double> CallbackLatenciesMs,
    IReadOnlyList<SentMessage> NotDone)
{
    /// <summary>Each interaction without an accepted callback, with the statuses of the callbacks it did get: the why.</summary>
    public IReadOnlyList<string> UnansweredDetails { get; init; } = [];

    /// <summary>Accepted side effects done more than once: an interaction answered twice, or a role added twice.</summary>
    public int DoneTwice => AnsweredTwice + RolesAddedTwice;

    public static Task<WitnessReport> ReadAsync(LoadWorld world, IReadOnlyList<SentMessage> sent) =>
        ReadAsync(() => Task.FromResult(world.Simulator.Requests), world.IsDoneAsync, sent);

    /// <summary>The same from any simulator's log (e.g. build/run.sh's, read over HTTP) and any "done" check.</summary>
    public static async Task<WitnessReport> ReadAsync(
        Func<Task<IReadOnlyList<SimulatorRequest>>> readLog, Func<SentMessage, Task<bool>> isDone, IReadOnlyList<SentMessage> sent)
    {
        var notDone = new List<SentMessage>();
        var done = 0;
        // Pipelined reads: one round trip per thousand.
        foreach (var chunk in sent.Chunk(1000))
        {
            var flags = await Task.WhenAll(chunk.Select(isDone));
            for (var i = 0; i < chunk.Length; i++)
            {
                if (flags[i])
                {
                    done++;
                }
                else
                {
                    notDone.Add(chunk[i]);
                }
            }
        }

        // The log after the "done" records: a message done by then has all its side effects in it (its handler awaited
        // them), so a message that became done between the two reads is not counted as done without its callback.
        var log = await readLog();
        var callbacks = log.Where(r => r.Route == SimulatedRoutes.Callback)
            .GroupBy(r => r.Values.GetValueOrDefault("interaction_token") ?? "")
            .ToDictionary(g => g.Key, g => g.OrderBy(r => r.Sequence).ToList(), StringComparer.Ordinal);
        var roles = log.Where(r => r.Route == SimulatedRoutes.AddRole && r.Status is >= 200 and < 300)
            .GroupBy(r => (r.Values.GetValueOrDefault("guild_id"), r.Values.GetValueOrDefault("user_id")))
            .ToDictionary(g => g.Key, g => g.Count());

        var interactions = sent.Where(m => m.IsInteraction).ToList();
        var accepted = interactions.Select(m => callbacks.GetValueOrDefault(m.InteractionToken!)?.Count(r => r.Status is >= 200 and < 300) ?? 0).ToList();
        var latencies = interactions
            .Select(m => callbacks.GetValueOrDefault(m.InteractionToken!)?.FirstOrDefault()?.CallbackLatencyMs)
            .OfType<double>()
            .Order()
            .ToList();
        var roleJoins = sent.Where(m => m.Kind == MessageKind.JoinWithRole).ToList();
        var roleCounts = roleJoins.Select(m => roles.GetValueOrDefault((m.GuildId, m.UserId))).ToList();

        var unanswered = interactions.Where((m, i) => accepted[i] == 0).Take(20)
            .Select(m => $"{m.Kind} {m.EventId} done={!notDone.Contains(m)} callbacks=[{string.Join(",", callbacks.GetValueOrDefault(m.InteractionToken!)?.Select(r => r.Status) ?? [])}]")
            .ToList();
        return new WitnessReport(
            sent.Count,
            done,
            interactions.Count,
            accepted.Count(c => c >= 1),
            accepted.Count(c => c > 1),
            log.Count(r => r.LateCallback),
            log.Count(r => r.DuplicateCallback),
            accepted.Count(c => c == 0),
            roleJoins.Count,
            roleCounts.Count(c => c >= 1),
            roleCounts.Count(c => c > 1),
            log.Count(r => r.Status == 429),
            log.Count(r => r.Status >= 500),
            log.Count(r => r.Violation is not null),
            latencies,
            notDone)
        {
            UnansweredDetails = unanswered,
        };
    }
}
