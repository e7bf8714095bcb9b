using System.Globalization;
using Arrakis.DiscordSimulator;
using Arrakis.Testing;

namespace Arrakis.Load;

/// <summary>
/// One scenario's world: a RabbitMQ vhost and a Redis key prefix of its own (deleted afterwards), the Discord simulator
/// in this process on 127.0.0.1, and the worker processes pointed at all three.
/// </summary>
public sealed class LoadWorld : IAsyncDisposable
{
    public const string BotToken = "load-bot-token-never-logged";

    private readonly List<WorkerProcess> _workers = [];
    private int _started;

    private LoadWorld(IsolatedBroker broker, IsolatedRedis redis, SimulatorHost simulator, string logDirectory)
    {
        Broker = broker;
        Redis = redis;
        Simulator = simulator;
        LogDirectory = logDirectory;
    }

    public IsolatedBroker Broker { get; }

    public IsolatedRedis Redis { get; }

    public SimulatorHost Simulator { get; }

    /// <summary>Where the worker processes' logs go (one file each).</summary>
    public string LogDirectory { get; }

    /// <param name="configure">Simulator settings (limits, latency) before it starts; all can change later too.</param>
    public static async Task<LoadWorld> StartAsync(string logDirectory, Action<SimulatorOptions>? configure = null)
    {
        Directory.CreateDirectory(logDirectory);
        var options = new SimulatorOptions { BotToken = BotToken };
        configure?.Invoke(options);
        var broker = new IsolatedBroker();
        await broker.InitializeAsync();
        var redis = new IsolatedRedis();
        await redis.InitializeAsync();
        var simulator = await SimulatorHost.StartAsync(options);
        return new LoadWorld(broker, redis, simulator, logDirectory);
    }

    /// <summary>The worker's environment for this world: the contract's variables, the defaults unless overridden.</summary>
    public Dictionary<string, string> WorkerEnvironment(IReadOnlyDictionary<string, string>? overrides = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["RABBITMQ_URL"] = Broker.Url,
            ["REDIS_URL"] = Redis.Url,
            ["REDIS_KEY_PREFIX"] = Redis.KeyPrefix,
            ["DISCORD_APPLICATION_ID"] = "1100000000000000001",
            ["DISCORD_BOT_TOKEN"] = BotToken,
            ["DISCORD_API_BASE_URL"] = Simulator.ApiBaseUrl,
            ["DISCORD_GLOBAL_RATE_LIMIT"] = Simulator.Options.GlobalLimit.ToString(CultureInfo.InvariantCulture),
            ["LOG_LEVEL"] = "info",
            ["NODE_ENV"] = "production",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        return environment;
    }

    /// <summary>Starts a worker process (not waiting for it to be ready: see <see cref="WorkerProcess.WaitReadyAsync"/>).</summary>
    public async Task<WorkerProcess> StartWorkerAsync(IReadOnlyDictionary<string, string>? overrides = null)
    {
        var number = Interlocked.Increment(ref _started);
        var worker = await WorkerProcess.StartAsync(WorkerEnvironment(overrides), Path.Combine(LogDirectory, $"worker-{number}.log"));
        _workers.Add(worker);
        return worker;
    }

    /// <summary>Starts a worker and waits until it consumes; throws (naming its log) when it does not within a minute.</summary>
    public async Task<WorkerProcess> StartReadyWorkerAsync(IReadOnlyDictionary<string, string>? overrides = null)
    {
        var worker = await StartWorkerAsync(overrides);
        if (!await worker.WaitReadyAsync(TimeSpan.FromMinutes(1)))
        {
            throw new InvalidOperationException($"The worker did not become ready; see {worker.LogPath}");
        }

        return worker;
    }

    /// <summary>The worker's records under this world's prefix: seed guild settings, read "done" records.</summary>
    public WorkerRecords Records => new(Redis.Database, Redis.KeyPrefix);

    /// <summary>A guild's settings, as <c>/setup</c> would have stored them.</summary>
    public Task SeedGuildAsync(string guildId, string? autoRole = null, string? welcome = null) => Records.SeedGuildAsync(guildId, autoRole, welcome);

    /// <summary>Whether the worker recorded the message as done.</summary>
    public Task<bool> IsDoneAsync(SentMessage message) => Records.IsDoneAsync(message);

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.DisposeAsync();
        }

        await Simulator.DisposeAsync();
        await Redis.DisposeAsync();
        await Broker.DisposeAsync();
    }
}
