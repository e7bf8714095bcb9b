using System.Net;
using System.Text.Json.Nodes;
using Arrakis.Testing;
using Arrakis.Worker.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Arrakis.Worker.Tests;

/// <summary>/health reports broker and Redis connectivity; /health/live only that the process is up.</summary>
public sealed class HealthEndpointTests(IsolatedBroker broker, IsolatedRedis redis)
    : IClassFixture<IsolatedBroker>, IClassFixture<IsolatedRedis>
{
    private Dictionary<string, string?> Settings(string redisUrl) => new()
    {
        ["RABBITMQ_URL"] = broker.Url,
        ["REDIS_URL"] = redisUrl,
        ["REDIS_KEY_PREFIX"] = redis.KeyPrefix,
        ["DISCORD_APPLICATION_ID"] = "1100000000000000001",
        ["DISCORD_BOT_TOKEN"] = "health-test-token",
        ["HEALTH_PORT"] = "0",
        // The test host runs several workers in one process: judge memory only where a test says so.
        ["MEMORY_THRESHOLD_MB"] = "100000",
    };

    private static async Task<WebApplication> StartAsync(Dictionary<string, string?> settings)
    {
        var app = WorkerHost.Build([], settings);
        Assert.True(WorkerHost.TryPrepare(app, out var problems), string.Join("; ", problems));
        await app.StartAsync();
        return app;
    }

    private static async Task<(HttpStatusCode Status, JsonObject Body)> GetAsync(WebApplication app, string path)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()
            .Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal);
        using var http = new HttpClient();
        var response = await http.GetAsync(address + path);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    [Fact]
    public async Task Health_WithBrokerAndRedisUp_Is200AndNamesBoth()
    {
        await using var app = await StartAsync(Settings(redis.Url));
        try
        {
            (HttpStatusCode Status, JsonObject Body) health = default;
            Assert.True(await Eventually.TrueAsync(async () => (health = await GetAsync(app, "/health")).Status == HttpStatusCode.OK));
            Assert.NotNull(health.Body);
            Assert.Equal("Healthy", health.Body["checks"]!["rabbitmq"]!["status"]!.GetValue<string>());
            Assert.Equal("Healthy", health.Body["checks"]!["redis"]!["status"]!.GetValue<string>());
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(app, "/health/ready")).Status);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task Health_WithRedisUnreachable_Is503AndSaysRedis_WhileLiveStays200()
    {
        // Nothing listens on port 1: Redis is "down" for this worker only.
        await using var app = await StartAsync(Settings("redis://127.0.0.1:1"));
        try
        {
            var (status, body) = await GetAsync(app, "/health");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Equal("Unhealthy", body["checks"]!["redis"]!["status"]!.GetValue<string>());
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await GetAsync(app, "/health/ready")).Status);
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(app, "/health/live")).Status);
            Assert.DoesNotContain("health-test-token", body.ToJsonString(), StringComparison.Ordinal);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task Health_WithTheBrokerUnreachable_Is503AndSaysRabbitMq()
    {
        var settings = Settings(redis.Url);
        settings["RABBITMQ_URL"] = "amqp://guest:guest@127.0.0.1:1/";
        await using var app = await StartAsync(settings);
        try
        {
            var (status, body) = await GetAsync(app, "/health");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Equal("Unhealthy", body["checks"]!["rabbitmq"]!["status"]!.GetValue<string>());
        }
        finally
        {
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task Health_WithMemoryOverTheThreshold_Is503AndSaysMemory_WhileReadyStays200()
    {
        var settings = Settings(redis.Url);
        settings["MEMORY_THRESHOLD_MB"] = "16";
        await using var app = await StartAsync(settings);
        try
        {
            (HttpStatusCode Status, JsonObject Body) ready = default;
            Assert.True(await Eventually.TrueAsync(async () => (ready = await GetAsync(app, "/health/ready")).Status == HttpStatusCode.OK));
            var (status, body) = await GetAsync(app, "/health");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Equal("Unhealthy", body["checks"]!["memory"]!["status"]!.GetValue<string>());
            Assert.Equal("16", body["checks"]!["memory"]!["data"]!["thresholdMb"]!.GetValue<string>());
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
