namespace Arrakis.Testing;

/// <summary>Where build/services.sh put RabbitMQ and Redis (the same environment variables it reads).</summary>
public static class TestServices
{
    public static int RabbitMqPort => Port("RABBITMQ_PORT", 5672);

    public static int RabbitMqManagementPort => Port("RABBITMQ_MANAGEMENT_PORT", 15672);

    public static int RedisPort => Port("REDIS_PORT", 6379);

    public static string RedisUrl => $"redis://127.0.0.1:{RedisPort}";

    public static string RabbitMqUrl(string vhost) => $"amqp://guest:guest@127.0.0.1:{RabbitMqPort}/{Uri.EscapeDataString(vhost)}";

    /// <summary>A port on 127.0.0.1 free a moment ago, for a server a test starts itself.</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static int Port(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), out var port) ? port : fallback;
}
