using Arrakis.Application.Abstractions.Discord;
using Arrakis.Infrastructure.Configuration;
using Arrakis.Infrastructure.Discord;
using Arrakis.Infrastructure.Redis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Arrakis.Benchmarks.Discord;

/// <summary>The worker's Discord client, as AddInfrastructure wires it, on a Redis prefix of its own.</summary>
internal sealed class BenchmarkClient : IAsyncDisposable
{
    public const string BotToken = "benchmark-bot-token";

    private readonly ServiceProvider _services;
    private readonly ConnectionMultiplexer _redis;
    private readonly string _prefix;

    private BenchmarkClient(ServiceProvider services, ConnectionMultiplexer redis, string prefix)
    {
        _services = services;
        _redis = redis;
        _prefix = prefix;
    }

    public IDiscordGuilds Guilds => _services.GetRequiredService<IDiscordGuilds>();

    public static async Task<BenchmarkClient> CreateAsync(string apiBaseUrl, string redisUrl, int globalPerSecond)
    {
        var prefix = "bench:" + Guid.NewGuid().ToString("N")[..8] + ":";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DISCORD_APPLICATION_ID"] = "1100000000000000001",
            ["DISCORD_BOT_TOKEN"] = BotToken,
            ["DISCORD_API_BASE_URL"] = apiBaseUrl,
            ["DISCORD_GLOBAL_RATE_LIMIT"] = globalPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["REDIS_URL"] = redisUrl,
            ["REDIS_KEY_PREFIX"] = prefix,
        }).Build();
        var uri = new Uri(redisUrl);
        var redis = await ConnectionMultiplexer.ConnectAsync($"{uri.Host}:{(uri.IsDefaultPort ? 6379 : uri.Port)}");
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSettings<DiscordOptions>(configuration);
        services.AddSettings<RedisOptions>(configuration);
        // All 1,000 calls start at once, so the last waits about 19 s for its turn: longer than the default deadline.
        services.PostConfigure<DiscordOptions>(options => options.RequestTimeout = TimeSpan.FromMinutes(1));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IConnectionMultiplexer>(redis);
        services.AddDiscordClient(configuration);
        return new BenchmarkClient(services.BuildServiceProvider(), redis, prefix);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        var server = _redis.GetServers()[0];
        await foreach (var key in server.KeysAsync(pattern: _prefix + "*"))
        {
            await _redis.GetDatabase().KeyDeleteAsync(key);
        }

        await _redis.DisposeAsync();
    }
}
