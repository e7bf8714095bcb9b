using System.Net;
using System.Text.Json.Nodes;
using Arrakis.Testing;
using Arrakis.Worker.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Arrakis.Worker.Tests.Telemetry;

/// <summary>
/// What /health tells an operator: each consumer, Redis latency, memory against MEMORY_THRESHOLD_MB, the Discord
/// invalid-request budget, the messages settled since start, and the uptime.
/// </summary>
public sealed class HealthReportTests(IsolatedBroker broker, IsolatedRedis redis)
    : IClassFixture<IsolatedBroker>, IClassFixture<IsolatedRedis>
{
    private Dictionary<string, string?> Settings() => new()
    {
        ["RABBITMQ_URL"] = broker.Url,
        ["REDIS_URL"] = redis.Url,
        ["REDIS_KEY_PREFIX"] = redis.KeyPrefix,
        ["DISCORD_APPLICATION_ID"] = "1100000000000000001",
        ["DISCORD_BOT_TOKEN"] = "health-report-token",
        ["DISCORD_API_BASE_URL"] = "http://127.0.0.1:9/api",
        ["HEALTH_PORT"] = "0",
        ["MEMORY_THRESHOLD_MB"] = "100000",
    };

    [Fact]
    public async Task Health_NamesEveryConsumer_RedisLatency_MemoryAgainstItsThreshold_DiscordBudget_AndUptime()
    {
        await using var app = await StartAsync(Settings());
        try
        {
            var body = await HealthyAsync(app);
            var checks = body["checks"]!;
            Assert.Equal("consuming", checks["rabbitmq"]!["data"]!["arrakis.interactions"]!.GetValue<string>());
            Assert.Equal("consuming", checks["rabbitmq"]!["data"]!["arrakis.events.guild"]!.GetValue<string>());
            Assert.True(double.Parse(checks["redis"]!["data"]!["latencyMs"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) >= 0);
            Assert.Equal("100000", checks["memory"]!["data"]!["thresholdMb"]!.GetValue<string>());
            Assert.True(double.Parse(checks["memory"]!["data"]!["rssMb"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) > 0);
            Assert.Equal("0", checks["discord"]!["data"]!["invalidRequests10m"]!.GetValue<string>());
            Assert.NotNull(checks["discord"]!["data"]!["invalidRequestLimit"]);
            Assert.True(body["uptimeSeconds"]!.GetValue<double>() >= 0);
            var messages = body["messages"]!;
            Assert.Equal(0, messages["handled"]!.GetValue<long>());
            Assert.Equal(0, messages["deadLettered"]!.GetValue<long>());
            Assert.DoesNotContain("health-report-token", body.ToJsonString(), StringComparison.Ordinal);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task HealthCounts_FollowTheMessagesTheWorkerSettles()
    {
        await using var app = await StartAsync(Settings());
        try
        {
            await HealthyAsync(app);
            await using var channel = await broker.Connection.CreateChannelAsync();
            var leave = WireFixture.Load("guild.leave").Fresh();
            await IngestorPublisher.PublishAsync(broker.Connection, leave);
            await IngestorPublisher.PublishAsync(channel, "member.join", leave.Properties, "not json"u8.ToArray());

            JsonObject? body = null;
            Assert.True(
                await Eventually.TrueAsync(async () =>
                {
                    body = (await GetAsync(app, "/health")).Body;
                    return body["messages"]!["handled"]!.GetValue<long>() == 1 && body["messages"]!["deadLettered"]!.GetValue<long>() == 1;
                }),
                "Counts did not reach one handled and one dead-lettered: " + body?["messages"]?.ToJsonString());
            Assert.Equal(0, body!["messages"]!["retried"]!.GetValue<long>());
            Assert.Equal(0, body["messages"]!["dropped"]!.GetValue<long>());
        }
        finally
        {
            await app.StopAsync();
        }
    }

    private static async Task<WebApplication> StartAsync(Dictionary<string, string?> settings)
    {
        var app = WorkerHost.Build([], settings);
        Assert.True(WorkerHost.TryPrepare(app, out var problems), string.Join("; ", problems));
        await app.StartAsync();
        return app;
    }

    private static async Task<JsonObject> HealthyAsync(WebApplication app)
    {
        (HttpStatusCode Status, JsonObject Body) health = default;
        Assert.True(await Eventually.TrueAsync(async () => (health = await GetAsync(app, "/health")).Status == HttpStatusCode.OK), "The worker did not become healthy.");
        return health.Body!;
    }

    private static async Task<(HttpStatusCode Status, JsonObject Body)> GetAsync(WebApplication app, string path)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()
            .Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal);
        using var http = new HttpClient();
        var response = await http.GetAsync(new Uri(address + path));
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }
}
