using System.Diagnostics;
using Arrakis.Testing;
using StackExchange.Redis;

namespace Arrakis.Load.Chaos;

/// <summary>
/// Stops and starts the shared broker and Redis on 127.0.0.1. Every caller must hold /tmp/arrakis-measure.lock
/// (build/chaos.sh takes it), and tests that call it are in the Disruptive category.
/// </summary>
public static class ChaosServices
{
    private static string RedisDirectory =>
        Environment.GetEnvironmentVariable("REDIS_DIR") ?? $"/tmp/arrakis-redis-{TestServices.RedisPort}";

    /// <summary><c>rabbitmqctl -n rabbit@localhost {command}</c> (stop_app, start_app), bounded.</summary>
    public static async Task RabbitMqCtlAsync(string command)
    {
        var (exitCode, output) = await ProcessRunner.RunAsync("rabbitmqctl", $"-n rabbit@localhost {command}", RepoPaths.Root, timeout: TimeSpan.FromSeconds(90));
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"rabbitmqctl {command} failed ({exitCode}): {output}");
        }
    }

    /// <summary>
    /// A maintenance restart's first half: SHUTDOWN SAVE writes the dataset to disk and stops Redis, as a Redis with
    /// persistence (ADR 0030 asks production for AOF) keeps its data over a restart.
    /// </summary>
    public static async Task StopRedisAsync()
    {
        await ProcessRunner.RunAsync("redis-cli", $"-h 127.0.0.1 -p {TestServices.RedisPort} shutdown save", RepoPaths.Root, timeout: TimeSpan.FromSeconds(60));
        var waited = Stopwatch.StartNew();
        while (await RedisAnswersAsync())
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new InvalidOperationException("Redis did not stop.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Starts Redis as build/services.sh does; it loads the saved dataset, which is then removed so that later starts are clean.</summary>
    public static async Task StartRedisAsync()
    {
        var (exitCode, output) = await ProcessRunner.RunAsync("bash", "build/services.sh start", RepoPaths.Root, timeout: TimeSpan.FromSeconds(120));
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"build/services.sh start failed ({exitCode}): {output}");
        }

        File.Delete(Path.Combine(RedisDirectory, "dump.rdb"));
    }

    public static async Task<bool> RedisAnswersAsync()
    {
        try
        {
            await using var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{TestServices.RedisPort},connectTimeout=500,abortConnect=true");
            return (await redis.GetDatabase().PingAsync()) < TimeSpan.FromSeconds(5);
        }
        catch (RedisConnectionException)
        {
            return false;
        }
    }
}
