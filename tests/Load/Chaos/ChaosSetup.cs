using System.Diagnostics;
using Arrakis.DiscordSimulator;
using Arrakis.Testing;

namespace Arrakis.Load.Chaos;

/// <summary>
/// What every chaos scenario shares: a world whose guilds are set up (auto role; auto role and welcome message), a
/// factory of messages for them, the bot's global limit raised in simulator and worker alike, and the wait until
/// everything that can be settled is.
/// </summary>
public sealed class ChaosSetup : IAsyncDisposable
{
    /// <summary>Raised from Discord's 50/s in simulator and worker alike, so that thousands of messages take seconds.</summary>
    public const int GlobalLimit = 1000;

    /// <summary>The mix of every scenario: interactions (answered at once and deferred), plain joins, joins with an auto role, with a welcome DM, and leaves.</summary>
    /// <remarks>Welcome DMs are a tenth: every DM opens a channel, and Discord's (and the simulator's) DM bucket allows 50/s for the whole bot.</remarks>
    public const string DefaultMix = "ping=2,verify=1,join=3,role=2,welcome=1,leave=1";

    private ChaosSetup(LoadWorld world, MessageFactory factory, string resultsDirectory, Dictionary<string, string> workerSettings)
    {
        World = world;
        Factory = factory;
        ResultsDirectory = resultsDirectory;
        WorkerSettings = workerSettings;
    }

    /// <summary>
    /// The worker's settings changed from its defaults: none unless asked. The reduced runs of the tests shorten the
    /// retry delays and the processing timeout (hence the claim lease), so a crashed run's claim frees itself sooner.
    /// </summary>
    public IReadOnlyDictionary<string, string> WorkerSettings { get; }

    public LoadWorld World { get; }

    public MessageFactory Factory { get; }

    public string ResultsDirectory { get; }

    public static string DefaultResults => Path.Combine(RepoPaths.Root, "artifacts", "chaos");

    public static async Task<ChaosSetup> StartAsync(Arguments args, string scenario, Action<SimulatorOptions>? configure = null)
    {
        var results = args.Text("results", DefaultResults);
        var world = await LoadWorld.StartAsync(Path.Combine(results, "logs", scenario), o =>
        {
            o.GlobalLimit = GlobalLimit;
            configure?.Invoke(o);
        });
        var roleGuilds = MessageFactory.NewGuildIds(20);
        var welcomeGuilds = MessageFactory.NewGuildIds(10);
        foreach (var guild in roleGuilds)
        {
            await world.SeedGuildAsync(guild, autoRole: MessageFactory.AutoRoleId);
        }

        foreach (var guild in welcomeGuilds)
        {
            await world.SeedGuildAsync(guild, autoRole: MessageFactory.AutoRoleId, welcome: MessageFactory.WelcomeTemplate);
        }

        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        if (args.Text("retry-delays-ms", "") is { Length: > 0 } delays)
        {
            settings["RETRY_DELAYS_MS"] = delays;
        }

        if (args.Text("processing-timeout-ms", "") is { Length: > 0 } timeout)
        {
            settings["PROCESSING_TIMEOUT_MS"] = timeout;
        }

        return new ChaosSetup(world, new MessageFactory(roleGuilds, welcomeGuilds: welcomeGuilds), results, settings);
    }

    /// <summary>Starts a worker with <see cref="WorkerSettings"/> and waits until it consumes.</summary>
    public Task<WorkerProcess> StartWorkerAsync() => World.StartReadyWorkerAsync(WorkerSettings);

    /// <summary>
    /// Waits (bounded) until every guild event is done, every role and welcome is accepted, and the unanswered
    /// interactions stop changing for a few seconds (those left were dropped: nothing can answer them any more).
    /// </summary>
    public async Task<WitnessReport> SettleAsync(IReadOnlyList<SentMessage> sent, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        var unanswered = -1;
        var stableSince = TimeSpan.Zero;
        while (true)
        {
            var report = await WitnessReport.ReadAsync(World, sent);
            if (report.Unanswered != unanswered)
            {
                unanswered = report.Unanswered;
                stableSince = waited.Elapsed;
            }

            var effectsDone = report.NotDone.All(m => m.IsInteraction) && report.RolesAdded == report.RoleJoins && report.WelcomesSent == report.WelcomeJoins;
            if ((effectsDone && (unanswered == 0 || waited.Elapsed - stableSince > TimeSpan.FromSeconds(3))) || waited.Elapsed > timeout)
            {
                return report;
            }

            await Task.Delay(500);
        }
    }

    public ValueTask DisposeAsync() => World.DisposeAsync();
}
