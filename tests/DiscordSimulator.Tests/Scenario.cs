using Arrakis.Application.Abstractions.Discord;
using Arrakis.Domain.Discord;
using Arrakis.Infrastructure.Discord;
using Arrakis.Testing;

namespace Arrakis.DiscordSimulator.Tests;

/// <summary>A simulator and a client on a fresh Redis prefix, for one test.</summary>
internal sealed class Scenario : IAsyncDisposable
{
    private static long _lowBits;

    private Scenario(SimulatorHost simulator, DiscordClientHarness client, string prefix)
    {
        Simulator = simulator;
        Client = client;
        Prefix = prefix;
    }

    public SimulatorHost Simulator { get; }

    public DiscordClientHarness Client { get; }

    public string Prefix { get; }

    public static async Task<Scenario> StartAsync(IsolatedRedis redis, Action<SimulatorOptions>? simulator = null, Action<DiscordOptions>? client = null, TimeProvider? time = null, string botToken = DiscordClientHarness.BotToken)
    {
        var options = new SimulatorOptions { BotToken = DiscordClientHarness.BotToken };
        simulator?.Invoke(options);
        var host = await SimulatorHost.StartAsync(options);
        var prefix = redis.KeyPrefix + Guid.NewGuid().ToString("N")[..8] + ":";
        return new Scenario(host, DiscordClientHarness.Create(host, prefix, client, time, botToken), prefix);
    }

    /// <summary>An interaction created at <paramref name="createdAt"/> (now by default) with a recognisable secret token.</summary>
    public static InteractionTarget Interaction(DateTimeOffset? createdAt = null) =>
        new(Snowflake.FromTime(createdAt ?? DateTimeOffset.UtcNow, (ulong)Interlocked.Increment(ref _lowBits)),
            new InteractionToken("aW50ZXJhY3Rpb24tdG9rZW4-SECRET-" + Guid.NewGuid().ToString("N")));

    public static Snowflake Id(ulong value) => new(value);

    public IReadOnlyList<SimulatorRequest> Requests(string route) => [.. Simulator.Requests.Where(r => r.Route == route).OrderBy(r => r.Sequence)];

    /// <summary>Whether a key of this scenario's prefix matches the pattern (e.g. "*:pause").</summary>
    public async Task<bool> RedisHasAsync(string pattern)
    {
        await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{TestServices.RedisPort}");
        return await connection.GetServers()[0].KeysAsync(pattern: Prefix + pattern).AnyAsync();
    }

    /// <summary>Whether one of this scenario's buckets in Redis has no request left.</summary>
    public async Task<bool> BucketExhaustedAsync()
    {
        await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{TestServices.RedisPort}");
        await foreach (var key in connection.GetServers()[0].KeysAsync(pattern: Prefix + "*bucket*"))
        {
            if ((string?)await connection.GetDatabase().HashGetAsync(key, "remaining") == "0")
            {
                return true;
            }
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Simulator.DisposeAsync();
    }
}
