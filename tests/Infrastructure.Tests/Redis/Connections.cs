using Arrakis.Testing;
using StackExchange.Redis;

namespace Arrakis.Infrastructure.Tests.Redis;

/// <summary>Extra connections to the shared Redis, for races between "workers" that do not share a multiplexer.</summary>
internal static class Connections
{
    public static async Task<ConnectionMultiplexer[]> OpenAsync(int count)
    {
        var connections = new ConnectionMultiplexer[count];
        for (var i = 0; i < count; i++)
        {
            connections[i] = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{TestServices.RedisPort},abortConnect=false");
        }

        return connections;
    }

    public static async Task CloseAsync(IEnumerable<ConnectionMultiplexer> connections)
    {
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }
    }
}
