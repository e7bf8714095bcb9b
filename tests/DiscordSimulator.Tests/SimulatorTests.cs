using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Arrakis.Domain.Discord;

namespace Arrakis.DiscordSimulator.Tests;

/// <summary>The simulator itself: it rejects what Discord would, and reports what it saw.</summary>
public sealed class SimulatorTests
{
    private static async Task<HttpResponseMessage> Post(SimulatorHost simulator, string path, string body, bool bot = false)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, simulator.ApiBaseUrl + path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.UserAgent.ParseAdd("DiscordBot (https://example.test, 1.0)");
        if (bot)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bot token");
        }

        return await http.SendAsync(request);
    }

    private static string Callback(Snowflake id) => $"/v10/interactions/{id}/token/callback";

    [Theory]
    [InlineData("""{"type":5,"data":{"flags":"64"}}""")]
    [InlineData("""{"type":99}""")]
    [InlineData("""{"type":9,"data":{"custom_id":"m","title":"t","components":[]}}""")]
    [InlineData("not json")]
    public async Task BodyThatDiscordsSchemaRejects_Is400With50035(string body)
    {
        await using var simulator = await SimulatorHost.StartAsync();

        using var response = await Post(simulator, Callback(Snowflake.FromTime(DateTimeOffset.UtcNow)), body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(50035, (await response.Content.ReadFromJsonAsync<JsonObject>())!["code"]!.GetValue<int>());
        Assert.Equal(1, simulator.Statistics.Violations);
    }

    [Fact]
    public async Task NumericRecipientId_AndUnknownRoute_AreRejected()
    {
        await using var simulator = await SimulatorHost.StartAsync();

        using var numeric = await Post(simulator, "/v10/users/@me/channels", """{"recipient_id":42}""", bot: true);
        using var unknown = await Post(simulator, "/v10/guilds/1/nothing-here", "{}", bot: true);
        using var unversioned = await Post(simulator, "/users/@me/channels", """{"recipient_id":"42"}""", bot: true);

        Assert.Equal(HttpStatusCode.BadRequest, numeric.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unversioned.StatusCode);
        Assert.Equal(3, simulator.Statistics.Violations);
    }

    [Fact]
    public async Task LateAndDuplicateCallbacks_AreCounted_WithLatencyFromTheSnowflake()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        var fresh = Snowflake.FromTime(DateTimeOffset.UtcNow.AddMilliseconds(-200));
        var late = Snowflake.FromTime(DateTimeOffset.UtcNow.AddSeconds(-5));

        using var ok = await Post(simulator, Callback(fresh), """{"type":6}""");
        using var duplicate = await Post(simulator, Callback(fresh), """{"type":6}""");
        using var tooLate = await Post(simulator, Callback(late), """{"type":6}""");

        Assert.Equal(HttpStatusCode.NoContent, ok.StatusCode);
        Assert.Equal(40060, (await duplicate.Content.ReadFromJsonAsync<JsonObject>())!["code"]!.GetValue<int>());
        Assert.Equal(10062, (await tooLate.Content.ReadFromJsonAsync<JsonObject>())!["code"]!.GetValue<int>());
        var statistics = simulator.Statistics;
        Assert.Equal((1, 1), (statistics.LateCallbacks, statistics.DuplicateCallbacks));
        Assert.InRange(statistics.CallbackLatencyP50Ms!.Value, 200, 4999);
        Assert.True(statistics.CallbackLatencyMaxMs >= 5000);
        Assert.Equal(1, statistics.ByRouteAndStatus["POST interaction.callback 204"]);
    }

    [Fact]
    public async Task MissingBotToken_Is401_AndTheGlobalLimitAnswers429WithScope()
    {
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions { GlobalLimit = 2 });

        using var anonymous = await Post(simulator, "/v10/users/@me/channels", """{"recipient_id":"42"}""");
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++)
        {
            answers.Add(await Post(simulator, $"/v10/channels/{i + 1}/messages", """{"content":"x"}""", bot: true));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], answers.Select(a => a.StatusCode));
        Assert.Equal("global", answers[2].Headers.GetValues("X-RateLimit-Scope").Single());
        Assert.True((await answers[2].Content.ReadFromJsonAsync<JsonObject>())!["global"]!.GetValue<bool>());
        Assert.Equal("1", answers[2].Headers.GetValues("Retry-After").Single());
        Assert.Equal(1, simulator.Statistics.RateLimitedByScope["global"]);
        answers.ForEach(a => a.Dispose());
    }

    [Fact]
    public async Task TrimmedSpecCopy_ValidatesWhenSharedIsAbsent()
    {
        var trimmed = Path.Combine(AppContext.BaseDirectory, "Spec", "openapi.trimmed.json");
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions { SpecPath = trimmed });

        using var good = await Post(simulator, Callback(Snowflake.FromTime(DateTimeOffset.UtcNow)), """{"type":5,"data":{"flags":64}}""");
        using var bad = await Post(simulator, "/v10/channels/1/messages", """{"content":5}""", bot: true);

        Assert.Equal(trimmed, simulator.SpecSource);
        Assert.Equal(HttpStatusCode.NoContent, good.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(1, simulator.Statistics.Violations);
    }

    [Fact]
    public async Task StatisticsEndpoint_ReportsOverHttp()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        using var http = new HttpClient();

        var report = await http.GetFromJsonAsync<JsonObject>(new Uri(simulator.Root, "_simulator/statistics"));

        Assert.Equal(0, report!["requests"]!.GetValue<int>());
        // Discord's own description when shared/ is beside the repository (as in CI), else the committed trimmed copy.
        var sharedBeside = Enumerable.Range(0, 12)
            .Select(up => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, string.Concat(Enumerable.Repeat("../", up)), "shared", "discord-api-spec", "openapi.json")))
            .Any(File.Exists);
        Assert.EndsWith(sharedBeside ? "openapi.json" : "openapi.trimmed.json", simulator.SpecSource, StringComparison.Ordinal);
    }
}
