using System.Globalization;
using System.Text.Json.Nodes;
using Arrakis.DiscordSimulator;
using Arrakis.Testing;
using Microsoft.Extensions.Logging.Testing;
using RabbitMQ.Client;

namespace Arrakis.EndToEnd.Tests.Features;

/// <summary>
/// One test class's world: its own vhost and Redis prefix, the Discord simulator in process, and the real worker
/// pointed at both. Tests in a class share it, so each test uses guilds and users of its own (<see cref="NewId"/>)
/// and reads only its own requests from the simulator's log.
/// </summary>
public class FeatureWorld : IAsyncLifetime
{
    public const string BotToken = "test-bot-token-never-logged";

    /// <summary>
    /// The feature classes run one after another, so one world (worker, simulator with its OpenAPI description) is
    /// alive at a time: every in-process worker's memory health check reads this one test process's resident memory.
    /// </summary>
    public const string Collection = "features";

    private const string ProcessorCategory = "Arrakis.Infrastructure.Messaging.MessageProcessor";

    private SimulatorHost? _simulator;
    private IConnection? _publisher;
    private WorkerUnderTest? _worker;

    public IsolatedBroker Broker { get; } = new();

    public IsolatedRedis Redis { get; } = new();

    public SimulatorOptions SimulatorOptions { get; } = new() { BotToken = BotToken };

    public SimulatorHost Simulator => _simulator ?? throw new InvalidOperationException("Not initialised.");

    internal WorkerUnderTest Worker => _worker ?? throw new InvalidOperationException("Not initialised.");

    public FakeLogCollector Logs => Worker.Logs;

    /// <summary>A snowflake no other test uses (a guild, user or role).</summary>
    public static string NewId() =>
        (1_200_000_000_000_000_000UL + (ulong)Random.Shared.NextInt64(1, 999_999_999_999_999_999)).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// A sample of the ingestor's, moved to <paramref name="guildId"/> and <paramref name="userId"/>, with an
    /// interaction token of its own (so its requests can be told apart at the simulator).
    /// </summary>
    public static WireFixture Sample(string name, string guildId, string? userId = null)
    {
        var sample = WireFixture.Load(name);
        var body = sample.Body;
        body["guildId"] = guildId;
        sample.Properties["headers"]!["guildId"] = guildId;
        if (body["data"] is JsonObject data && data.ContainsKey("guildId"))
        {
            data["guildId"] = guildId;
        }

        if (userId is not null)
        {
            body["userId"] = userId;
            if (body["data"] is JsonObject withUser && withUser.ContainsKey("userId"))
            {
                withUser["userId"] = userId;
            }
        }

        if (body.ContainsKey("interactionToken"))
        {
            body["interactionToken"] = "e2e-" + Guid.NewGuid().ToString("N");
        }

        return sample;
    }

    /// <summary>A slash command sample (<c>interaction.command.&lt;name&gt;</c>) with its options and permissions.</summary>
    public static WireFixture Command(string name, string guildId, string userId, JsonObject? options = null, params string[] permissions)
    {
        var sample = Sample("interaction.command.verify", guildId, userId);
        sample.Body["eventType"] = "interaction.command." + name;
        var data = sample.Body["data"]!.AsObject();
        data["commandName"] = name;
        data["options"] = options ?? [];
        data["memberPermissions"] = new JsonArray([.. permissions.Select(p => (JsonNode)JsonValue.Create(p))]);
        return sample;
    }

    public static string TokenOf(WireFixture sample) => sample.Body["interactionToken"]!.GetValue<string>();

    /// <summary>Makes the sample live (fresh event and interaction ids) and publishes it as the ingestor does.</summary>
    public async Task<WireFixture> PublishAsync(WireFixture sample)
    {
        sample.Fresh();
        await PublishAsIsAsync(sample);
        return sample;
    }

    /// <summary>Publishes the sample unchanged: twice in a row is the ingestor's at-least-once delivery.</summary>
    public async Task PublishAsIsAsync(WireFixture sample)
    {
        await using var channel = await (await PublisherAsync()).CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        await IngestorPublisher.PublishAsync(channel, sample.Body["eventType"]!.GetValue<string>(), sample.Properties, sample.BodyBytes);
    }

    // The ingestor's connection, of our own: a test that closes the vhost's connections (to make the worker lose its
    // channel) closes this one too, and the next publish must not fail for it.
    private async Task<IConnection> PublisherAsync()
    {
        if (_publisher is { IsOpen: true })
        {
            return _publisher;
        }

        if (_publisher is not null)
        {
            await _publisher.DisposeAsync();
        }

        _publisher = await new ConnectionFactory { Uri = new Uri(Broker.Url), ClientProvidedName = "arrakis-tests-ingestor" }.CreateConnectionAsync();
        return _publisher;
    }

    /// <summary>The simulator's requests for one interaction (its token is in every path it uses).</summary>
    public IReadOnlyList<SimulatorRequest> RequestsOf(WireFixture interaction)
    {
        var token = TokenOf(interaction);
        return [.. Simulator.Requests.Where(r => r.Path.Contains(token, StringComparison.Ordinal))];
    }

    /// <summary>Waits (bounded) until <paramref name="condition"/> holds of the interaction's requests, and returns them.</summary>
    public async Task<IReadOnlyList<SimulatorRequest>> WaitForAsync(WireFixture interaction, Func<IReadOnlyList<SimulatorRequest>, bool> condition, string what)
    {
        Assert.True(await Eventually.TrueAsync(() => condition(RequestsOf(interaction))), $"{what}; saw: {Describe(RequestsOf(interaction))}");
        return RequestsOf(interaction);
    }

    /// <summary>
    /// The interaction's requests once the worker has settled its delivery (acknowledged, retried or dead-lettered):
    /// nothing more comes after that from this delivery, so counting them is meaningful.
    /// </summary>
    public async Task<IReadOnlyList<SimulatorRequest>> SettledRequestsAsync(WireFixture interaction)
    {
        await WaitForOutcomeAsync(interaction);
        return RequestsOf(interaction);
    }

    /// <summary>Waits (bounded) until the worker logged the event's outcome: handled (acknowledged), retrying or dead-lettered.</summary>
    public async Task<string> WaitForOutcomeAsync(WireFixture sample)
    {
        var eventId = sample.EventId;
        Assert.True(await Eventually.TrueAsync(() => OutcomesOf(eventId).Count > 0), $"No outcome was logged for event {eventId}.");
        return OutcomesOf(eventId)[0];
    }

    /// <summary>How the queue adapter settled each delivery of an event: "handled", "retrying", "dead-lettered", "already-done".</summary>
    public IReadOnlyList<string> OutcomesOf(string eventId) =>
        [.. Logs.GetSnapshot()
            .Where(r => r.Category == ProcessorCategory && r.StructuredState?.Any(p => p.Key == "EventId" && p.Value == eventId) == true)
            .Select(r => r.Message.Contains("handled on attempt", StringComparison.Ordinal) ? "handled"
                : r.Message.Contains("retrying in", StringComparison.Ordinal) ? "retrying"
                : r.Message.Contains("dead-lettered", StringComparison.Ordinal) ? "dead-lettered"
                : r.Message.Contains("was redelivered after it was handled", StringComparison.Ordinal) ? "already-done"
                : r.Message)];

    /// <summary>Discord saw nothing wrong: no request broke its OpenAPI description, no late (10062) or second (40060) initial response.</summary>
    public void AssertDiscordSawNoMistakes(IEnumerable<SimulatorRequest> requests)
    {
        var list = requests.ToList();
        Assert.All(list, r =>
        {
            Assert.True(r.Violation is null, $"{r.Method} {r.Route}: {r.Violation}");
            Assert.False(r.LateCallback, $"{r.Method} {r.Route} came after the 3 s window (10062).");
            Assert.False(r.DuplicateCallback, $"{r.Method} {r.Route} was a second initial response (40060).");
        });
    }

    public static JsonObject BodyOf(SimulatorRequest request) => JsonNode.Parse(request.Body)!.AsObject();

    public static string Describe(IEnumerable<SimulatorRequest> requests) =>
        string.Join("; ", requests.Select(r => $"{r.Method} {r.Route} {r.Status} {r.Body}"));

    /// <summary>Worker settings beyond <see cref="WorkerUnderTest.Settings"/>; a subclass changes them for its class.</summary>
    protected virtual void Configure(Dictionary<string, string?> settings)
    {
    }

    public async ValueTask InitializeAsync()
    {
        await Broker.InitializeAsync();
        await Redis.InitializeAsync();
        _simulator = await SimulatorHost.StartAsync(SimulatorOptions);
        var settings = WorkerUnderTest.Settings(Broker, Redis);
        settings["DISCORD_API_BASE_URL"] = _simulator.ApiBaseUrl;
        settings["DISCORD_BOT_TOKEN"] = BotToken;
        // The resident memory is the whole test process's, not this worker's: not a health signal here.
        settings["MEMORY_THRESHOLD_MB"] = "100000";
        Configure(settings);
        _worker = await WorkerUnderTest.StartAsync(settings);
        await WarmUpAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_worker is not null)
        {
            await _worker.DisposeAsync();
        }

        if (_simulator is not null)
        {
            await _simulator.DisposeAsync();
        }

        if (_publisher is not null)
        {
            await _publisher.DisposeAsync();
        }

        await Redis.DisposeAsync();
        await Broker.DisposeAsync();
        GC.SuppressFinalize(this);

        // Give the world's memory back to the OS: other classes' workers judge their health by this process's size.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    // The first interaction pays for JIT and connection set-up; on a busy machine that can cost the 3-second
    // window. A /ping of a guild of its own takes that cost before any test's interaction is timed by Discord.
    private async Task WarmUpAsync()
    {
        var ping = await PublishAsync(Command("ping", NewId(), NewId()));
        await Eventually.TrueAsync(() => RequestsOf(ping).Count > 0, TimeSpan.FromSeconds(30));
    }
}
