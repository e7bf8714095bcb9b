namespace Arrakis.Testing;

/// <summary>Where build/services.sh put RabbitMQ and Redis (the same environment variables it reads).</summary>
public static class TestServices
{
    public static int RabbitMqPort => Port("RABBITMQ_PORT", 5672);

    public static int RabbitMqManagementPort => Port("RABBITMQ_MANAGEMENT_PORT", 15672);

    public static int RedisPort => Port("REDIS_PORT", 6379);

    public static string RedisUrl => $"redis://127.0.0.1:{RedisPort}";

    public static string RabbitMqUrl(string vhost) => $"amqp://guest:guest@127.0.0.1:{RabbitMqPort}/{Uri.EscapeDataString(vhost)}";

    private static int Port(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), out var port) ? port : fallback;
}
