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
    /// <summary>Accepted side effects done more than once: an interaction answered twice, a role added or a welcome DM sent twice.</summary>
    public int DoneTwice => AnsweredTwice + RolesAddedTwice + WelcomesSentTwice;

    /// <summary>Joins in a guild with a welcome message (<see cref="MessageKind.JoinWithWelcome"/>).</summary>
    public int WelcomeJoins { get; init; }

    /// <summary>Welcome joins whose member got the welcome DM at least once.</summary>
    public int WelcomesSent { get; init; }

    public int WelcomesSentTwice { get; init; }

    /// <summary>The interaction tokens with at least one accepted callback (to tell which interactions went unanswered).</summary>
    public IReadOnlySet<string> AnsweredTokens { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Every side effect accepted more than once, with when each copy reached the simulator.</summary>
    public IReadOnlyList<DoubledEffect> Doubles { get; init; } = [];

    /// <summary>Each interaction without an accepted callback, with the statuses of the callbacks it did get: the why.</summary>
    public IReadOnlyList<string> UnansweredDetails { get; init; } = [];

    /// <summary>Waits (bounded) until every message is done in Redis, then the report of that moment.</summary>
    public static async Task<WitnessReport> SettleAsync(LoadWorld world, IReadOnlyList<SentMessage> sent, TimeSpan timeout)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var report = await ReadAsync(world, sent);
        while (report.NotDone.Count > 0 && waited.Elapsed < timeout)
        {
            await Task.Delay(250);
            report = await ReadAsync(world, sent);
        }

        return report;
    }

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
            .ToDictionary(g => g.Key, g => g.OrderBy(r => r.Sequence).ToList());
        // A welcome DM's text is "welcome:{user id}" (MessageFactory.WelcomeTemplate with the user id as display name).
        // A create Discord answered with the message its nonce already made sent nothing: not a second welcome.
        var welcomes = log.Where(r => r.Route == SimulatedRoutes.CreateMessage && r.Status is >= 200 and < 300 && !r.NonceReplay)
            .Select(r => (Request: r, User: WelcomedUser(r.Body)))
            .Where(w => w.User is not null)
            .GroupBy(w => w.User!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(w => w.Request).OrderBy(r => r.Sequence).ToList(), StringComparer.Ordinal);

        var interactions = sent.Where(m => m.IsInteraction).ToList();
        var accepted = interactions.Select(m => callbacks.GetValueOrDefault(m.InteractionToken!)?.Count(r => r.Status is >= 200 and < 300) ?? 0).ToList();
        var latencies = interactions
            .Select(m => callbacks.GetValueOrDefault(m.InteractionToken!)?.FirstOrDefault()?.CallbackLatencyMs)
            .OfType<double>()
            .Order()
            .ToList();
        // Welcome guilds have the auto role too.
        var roleJoins = sent.Where(m => m.Kind is MessageKind.JoinWithRole or MessageKind.JoinWithWelcome).ToList();
        var roleCounts = roleJoins.Select(m => roles.GetValueOrDefault((m.GuildId, m.UserId))?.Count ?? 0).ToList();
        var welcomeJoins = sent.Where(m => m.Kind == MessageKind.JoinWithWelcome).ToList();
        var welcomeCounts = welcomeJoins.Select(m => welcomes.GetValueOrDefault(m.UserId)?.Count ?? 0).ToList();
        var doubles = roles.Where(r => r.Value.Count > 1).Select(r => DoubledEffect.Of("role", r.Key.Item2 ?? "", r.Value))
            .Concat(welcomes.Where(w => w.Value.Count > 1).Select(w => DoubledEffect.Of("welcome", w.Key, w.Value)))
            .Concat(callbacks.Select(c => (c.Key, Accepted: c.Value.Where(r => r.Status is >= 200 and < 300).ToList()))
                .Where(c => c.Accepted.Count > 1).Select(c => DoubledEffect.Of("callback", "", c.Accepted)))
            .ToList();

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
            WelcomeJoins = welcomeJoins.Count,
            WelcomesSent = welcomeCounts.Count(c => c >= 1),
            WelcomesSentTwice = welcomeCounts.Count(c => c > 1),
            Doubles = doubles,
            AnsweredTokens = callbacks.Where(c => c.Value.Any(r => r.Status is >= 200 and < 300)).Select(c => c.Key).ToHashSet(StringComparer.Ordinal),
            UnansweredDetails = unanswered,
        };
    }

    private static string? WelcomedUser(string body)
    {
        const string Prefix = "\"content\":\"welcome:";
        var at = body.IndexOf(Prefix, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var start = at + Prefix.Length;
        var end = body.IndexOf('"', start);
        return end > start ? body[start..end] : null;
    }
}

/// <summary>A side effect Discord accepted more than once: which (role, welcome or callback), for whom, and when each copy arrived.</summary>
public sealed record DoubledEffect(string Effect, string UserId, IReadOnlyList<DateTimeOffset> ArrivedAt)
{
    public static DoubledEffect Of(string effect, string userId, IEnumerable<SimulatorRequest> copies) =>
        new(effect, userId, [.. copies.Select(r => r.ReceivedAt)]);
}
