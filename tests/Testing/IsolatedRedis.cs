using StackExchange.Redis;
using Xunit;

namespace Arrakis.Testing;

/// <summary>A Redis key prefix of its own for one test class; its keys are deleted afterwards.</summary>
public sealed class IsolatedRedis : IAsyncLifetime
{
    private ConnectionMultiplexer? _redis;

    public string KeyPrefix { get; } = "test:" + Guid.NewGuid().ToString("N")[..12] + ":";

#pragma warning disable CA1822 // an instance member, beside KeyPrefix, so a test reads both from its fixture
    public string Url => TestServices.RedisUrl;
#pragma warning restore CA1822

    public IDatabase Database => (_redis ?? throw new InvalidOperationException("Not initialised.")).GetDatabase();

    public async ValueTask InitializeAsync() =>
        _redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{TestServices.RedisPort},abortConnect=false");

    public async Task<IReadOnlyList<RedisKey>> KeysAsync()
    {
        var server = _redis!.GetServers()[0];
        var keys = new List<RedisKey>();
        await foreach (var key in server.KeysAsync(pattern: KeyPrefix + "*"))
        {
            keys.Add(key);
        }

        return keys;
    }

    public async ValueTask DisposeAsync()
    {
        if (_redis is null)
        {
            return;
        }

        if (_redis.IsConnected)
        {
            var keys = await KeysAsync();
            if (keys.Count > 0)
            {
                await Database.KeyDeleteAsync([.. keys]);
            }
        }

        await _redis.DisposeAsync();
    }
}
