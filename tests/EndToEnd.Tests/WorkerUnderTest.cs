using Arrakis.Testing;
using Arrakis.Worker.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Testing;

namespace Arrakis.EndToEnd.Tests;

/// <summary>The real worker host, in process, wired to a test class's own vhost and Redis prefix.</summary>
internal sealed class WorkerUnderTest : IAsyncDisposable
{
    private WorkerUnderTest(WebApplication app) => App = app;

    public WebApplication App { get; }

    public FakeLogCollector Logs => App.Services.GetFakeLogCollector();

    public static Dictionary<string, string?> Settings(IsolatedBroker broker, IsolatedRedis redis) => new()
    {
        ["RABBITMQ_URL"] = broker.Url,
        ["REDIS_URL"] = redis.Url,
        ["REDIS_KEY_PREFIX"] = redis.KeyPrefix,
        ["DISCORD_APPLICATION_ID"] = "1100000000000000001",
        ["DISCORD_BOT_TOKEN"] = "test-bot-token-never-logged",
        ["DISCORD_API_BASE_URL"] = "http://127.0.0.1:9/api",
        ["HEALTH_PORT"] = "0",
        ["LOG_LEVEL"] = "debug",
        // The test process hosts several workers (and simulators) at once: its RSS is theirs together, not one worker's.
        ["MEMORY_THRESHOLD_MB"] = "100000",
    };

    /// <param name="configure">More host configuration, e.g. the in-memory telemetry exporters.</param>
    public static async Task<WorkerUnderTest> StartAsync(IDictionary<string, string?> settings, Action<WebApplicationBuilder>? configure = null)
    {
        var app = WorkerHost.Build([], settings, builder =>
        {
            builder.Logging.AddFakeLogging();
            configure?.Invoke(builder);
        });
        if (!WorkerHost.TryPrepare(app, out var problems))
        {
            throw new InvalidOperationException(WorkerHost.DescribeProblems(problems));
        }

        await app.StartAsync();
        var worker = new WorkerUnderTest(app);
        if (!await Eventually.TrueAsync(async () => (await worker.HealthAsync()).Status == HealthStatus.Healthy, TimeSpan.FromSeconds(30)))
        {
            throw new InvalidOperationException("The worker did not become ready: " + string.Join("; ", (await worker.HealthAsync()).Entries.Select(e => $"{e.Key}={e.Value.Status}")));
        }

        return worker;
    }

    public Task<HealthReport> HealthAsync() => App.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
