using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Arrakis.DiscordSimulator;
using Arrakis.Testing;
using Microsoft.Extensions.Logging.Testing;

namespace Arrakis.EndToEnd.Tests.Telemetry;

/// <summary>
/// The worker, with a broker user and a Redis user of their own (distinctive passwords), taken through the paths
/// where secrets could escape: Discord answering 5xx with the tokens in its body, a retry, a dead-letter, and a
/// malformed body that carries an interaction token. No log line, span attribute or dead-letter header may hold the
/// bot token, an interaction token, or either password.
/// </summary>
public sealed class SecretRedactionTests(IsolatedBroker broker, IsolatedRedis redis)
    : IClassFixture<IsolatedBroker>, IClassFixture<IsolatedRedis>
{
    private const string BotToken = "bot-token-4f1c-never-anywhere";

    [Fact]
    public async Task FailuresRetriesAndDeadLetters_NeverShowATokenOrPassword()
    {
        var user = "redaction-" + Guid.NewGuid().ToString("N")[..8];
        var brokerPassword = "broker-pw-" + Guid.NewGuid().ToString("N");
        var redisPassword = "redis-pw-" + Guid.NewGuid().ToString("N");
        var interactionToken = "interaction-token-" + Guid.NewGuid().ToString("N");
        var malformedToken = "malformed-token-" + Guid.NewGuid().ToString("N");
        string[] secrets = [BotToken, interactionToken, malformedToken, brokerPassword, redisPassword];

        using var management = Management();
        (await management.PutAsJsonAsync($"users/{user}", new { password = brokerPassword, tags = "" })).EnsureSuccessStatusCode();
        (await management.PutAsJsonAsync($"permissions/{Uri.EscapeDataString(broker.Vhost)}/{user}", new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();
        await redis.Database.ExecuteAsync("ACL", "SETUSER", user, "on", ">" + redisPassword, "~*", "&*", "+@all");

        // Every interaction answer fails with a body that repeats the tokens, as a confused proxy might.
        await using var discord = await SimulatorHost.StartAsync();
        discord.Inject(new SimulatorFault
        {
            Matches = r => r.Path.Contains("interactions/", StringComparison.Ordinal) || r.Path.Contains("webhooks/", StringComparison.Ordinal),
            Status = 502,
            Body = $$"""{"code":0,"message":"upstream said {{interactionToken}} and Bot {{BotToken}}"}""",
            Times = 100,
        });

        var capture = new TelemetryCapture();
        var settings = WorkerUnderTest.Settings(broker, redis);
        settings["RABBITMQ_URL"] = $"amqp://{user}:{brokerPassword}@127.0.0.1:{TestServices.RabbitMqPort}/{Uri.EscapeDataString(broker.Vhost)}";
        settings["REDIS_URL"] = $"redis://{user}:{redisPassword}@127.0.0.1:{TestServices.RedisPort}";
        settings["DISCORD_BOT_TOKEN"] = BotToken;
        settings["DISCORD_API_BASE_URL"] = discord.ApiBaseUrl;
        settings["RETRY_DELAYS_MS"] = "200";
        settings["LOG_LEVEL"] = "trace";
        var worker = await WorkerUnderTest.StartAsync(settings, capture.Configure);
        var deadLetters = new List<IDictionary<string, object?>>();
        IReadOnlyList<FakeLogRecord> logs;
        try
        {
            // /ping answers with a callback and has no cooldown: its retry meets Discord's 5xx again and is dead-lettered.
            var interaction = WireFixture.Load("interaction.command.verify").Fresh();
            interaction.Body["interactionToken"] = interactionToken;
            interaction.Body["eventType"] = "interaction.command.ping";
            interaction.Body["data"]!["commandName"] = "ping";
            interaction.Body["data"]!["options"] = new System.Text.Json.Nodes.JsonObject();
            await TracedPublisher.PublishAsync(broker.Connection, interaction, routingKey: "interaction.command.ping");

            var malformed = WireFixture.Load("interaction.command.verify").Fresh();
            var body = $$"""{"eventId":"{{malformed.EventId}}","eventType":"interaction.command.verify","interactionToken":"{{malformedToken}}","interactionId": oops""";
            await TracedPublisher.PublishAsync(broker.Connection, malformed, Encoding.UTF8.GetBytes(body));

            // Readable, but its event type is the bot token: the reader's reason quotes it.
            var hostile = WireFixture.Load("member.join").Fresh();
            hostile.Body["eventType"] = BotToken;
            await TracedPublisher.PublishAsync(broker.Connection, hostile);

            Assert.True(await Eventually.TrueAsync(async () => await broker.MessageCountAsync("arrakis.dlq") == 3, TimeSpan.FromSeconds(20)), "All three messages should be dead-lettered.");
            var counts = worker.App.Services.GetRequiredService<Arrakis.Infrastructure.Messaging.MessageCounts>();
            Assert.Equal(1, counts.Retried);
            Assert.Equal(3, counts.DeadLettered);
            Assert.True(discord.Requests.Count(r => r.Faulted) >= 2, "Discord's 5xx was not exercised on both attempts.");
        }
        finally
        {
            logs = worker.Logs.GetSnapshot();
            await worker.DisposeAsync();
            await redis.Database.ExecuteAsync("ACL", "DELUSER", user);
            await management.DeleteAsync($"users/{user}");
        }

        while (await broker.GetAsync("arrakis.dlq") is { } dead)
        {
            deadLetters.Add(dead.BasicProperties.Headers!);
        }

        Assert.Equal(3, deadLetters.Count);
        Assert.Contains(logs, r => r.Message.Contains("retrying", StringComparison.Ordinal));
        Assert.Contains(logs, r => r.Message.Contains("dead-lettered", StringComparison.Ordinal));

        var logText = logs.Select(r => string.Join(" | ",
            new[] { r.Message, r.Exception?.ToString() }.Concat((r.StructuredState ?? []).Select(p => p.Key + "=" + p.Value))));
        var spanText = capture.Spans.SelectMany(s => s.TagObjects.Select(t => s.DisplayName + " " + t.Key + "=" + Convert.ToString(t.Value, CultureInfo.InvariantCulture)));
        var headerText = deadLetters.SelectMany(h => h.Select(p => p.Key + "=" + (p.Value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : Convert.ToString(p.Value, CultureInfo.InvariantCulture))));
        foreach (var (where, lines) in new[] { ("log", logText), ("span", spanText), ("dead-letter header", headerText) })
        {
            var all = lines.ToList();
            Assert.NotEmpty(all);
            foreach (var secret in secrets)
            {
                var leak = all.FirstOrDefault(l => l.Contains(secret, StringComparison.Ordinal));
                Assert.True(leak is null, $"A {where} holds a secret: {leak?.Replace(secret, "<secret>", StringComparison.Ordinal)}");
            }
        }
    }

    private static HttpClient Management()
    {
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{TestServices.RabbitMqManagementPort}/api/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes("guest:guest")));
        return http;
    }
}
