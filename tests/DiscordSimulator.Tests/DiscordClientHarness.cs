using Arrakis.Infrastructure.Configuration;
using Arrakis.Infrastructure.Discord;
using Arrakis.Infrastructure.Discord.RateLimiting;
using Arrakis.Infrastructure.Discord.Rest;
using Arrakis.Infrastructure.Redis;
using Arrakis.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Arrakis.Application.Abstractions.Discord;
using StackExchange.Redis;

namespace Arrakis.DiscordSimulator.Tests;

/// <summary>One worker's Discord client (its own ServiceProvider and Redis connection) pointed at a simulator.</summary>
internal sealed class DiscordClientHarness : IAsyncDisposable
{
    public const string BotToken = "bot-token-SECRET-never-logged";
    public const string ApplicationId = "1100000000000000001";

    private readonly ServiceProvider _services;

    private DiscordClientHarness(ServiceProvider services) => _services = services;

    public IDiscordInteractions Interactions => _services.GetRequiredService<IDiscordInteractions>();

    public IDiscordGuilds Guilds => _services.GetRequiredService<IDiscordGuilds>();

    public IDiscordDirectMessages DirectMessages => _services.GetRequiredService<IDiscordDirectMessages>();

    public DiscordRestClient Rest => _services.GetRequiredService<DiscordRestClient>();

    public InvalidRequestGuard Guard => _services.GetRequiredService<InvalidRequestGuard>();

    public FakeLogCollector Logs => _services.GetFakeLogCollector();

    public IServiceProvider Services => _services;

    public static DiscordClientHarness Create(SimulatorHost simulator, string keyPrefix, Action<DiscordOptions>? tune = null, TimeProvider? time = null, string botToken = BotToken) =>
        Create(simulator.ApiBaseUrl, keyPrefix, tune, time, botToken);

    public static DiscordClientHarness Create(string apiBaseUrl, string keyPrefix, Action<DiscordOptions>? tune = null, TimeProvider? time = null, string botToken = BotToken, string? redisConfiguration = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DISCORD_APPLICATION_ID"] = ApplicationId,
            ["DISCORD_BOT_TOKEN"] = botToken,
            ["DISCORD_API_BASE_URL"] = apiBaseUrl,
            ["REDIS_URL"] = TestServices.RedisUrl,
            ["REDIS_KEY_PREFIX"] = keyPrefix,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddFakeLogging());
        services.AddSettings<DiscordOptions>(configuration);
        services.AddSettings<RedisOptions>(configuration);
        services.PostConfigure<DiscordOptions>(options =>
        {
            options.RetryBaseDelay = TimeSpan.FromMilliseconds(20);
            tune?.Invoke(options);
        });
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redisConfiguration ?? $"127.0.0.1:{TestServices.RedisPort},abortConnect=false"));
        services.AddDiscordClient(configuration);
        return new DiscordClientHarness(services.BuildServiceProvider());
    }

    public async Task<HealthReport> HealthAsync() =>
        await _services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();
}
