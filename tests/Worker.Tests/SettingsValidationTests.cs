using Arrakis.Worker.Hosting;

namespace Arrakis.Worker.Tests;

/// <summary>A bad or missing setting stops start-up with one message that names every problem, never a secret.</summary>
public sealed class SettingsValidationTests
{
    private static readonly Dictionary<string, string?> Valid = new()
    {
        ["RABBITMQ_URL"] = "amqp://guest:guest@127.0.0.1:5672/",
        ["REDIS_URL"] = "redis://127.0.0.1:6379",
        ["DISCORD_APPLICATION_ID"] = "1100000000000000001",
        ["DISCORD_BOT_TOKEN"] = "bot-token-secret-value",
        ["HEALTH_PORT"] = "0",
    };

    private static IReadOnlyList<string> Problems(Dictionary<string, string?> settings)
    {
        var app = WorkerHost.Build([], settings);
        WorkerHost.TryPrepare(app, out var problems);
        return problems;
    }

    private static Dictionary<string, string?> With(params (string Key, string? Value)[] changes)
    {
        var settings = new Dictionary<string, string?>(Valid);
        foreach (var (key, value) in changes)
        {
            settings[key] = value;
        }

        return settings;
    }

    [Fact]
    public void ValidSettings_HaveNoProblems() => Assert.Empty(Problems(Valid));

    [Fact]
    public void MissingRequiredSettings_AreAllNamedAtOnce()
    {
        var problems = Problems(With(("RABBITMQ_URL", ""), ("REDIS_URL", ""), ("DISCORD_APPLICATION_ID", ""), ("DISCORD_BOT_TOKEN", "")));

        Assert.Contains(problems, p => p.StartsWith("RABBITMQ_URL is required", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("REDIS_URL is required", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("DISCORD_APPLICATION_ID is required", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("DISCORD_BOT_TOKEN is required", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("INTERACTION_PREFETCH", "lots", "INTERACTION_PREFETCH must be a whole number")]
    [InlineData("EVENT_PREFETCH", "0", "EVENT_PREFETCH must be between 1 and 5000")]
    [InlineData("PROCESSING_TIMEOUT_MS", "-5", "PROCESSING_TIMEOUT_MS must be between 100 and 900000")]
    [InlineData("DEFER_TIMEOUT_MS", "3500", "DEFER_TIMEOUT_MS must be between 100 and 2900")]
    [InlineData("HEALTH_PORT", "70000", "HEALTH_PORT must be between 0 and 65535")]
    [InlineData("MEMORY_THRESHOLD_MB", "big", "MEMORY_THRESHOLD_MB must be a whole number")]
    [InlineData("LOG_LEVEL", "loud", "LOG_LEVEL must be one of")]
    [InlineData("RABBITMQ_URL", "http://127.0.0.1", "RABBITMQ_URL must be an amqp:// or amqps:// URL")]
    [InlineData("REDIS_URL", "127.0.0.1:6379", "REDIS_URL must be a redis:// or rediss:// URL")]
    [InlineData("DISCORD_APPLICATION_ID", "my-bot", "DISCORD_APPLICATION_ID must be a Discord snowflake")]
    [InlineData("DISCORD_API_BASE_URL", "discord.com/api", "DISCORD_API_BASE_URL must be an absolute")]
    public void ABadValue_IsNamedByItsVariable(string key, string value, string expected) =>
        Assert.Contains(Problems(With((key, value))), p => p.StartsWith(expected, StringComparison.Ordinal));

    [Fact]
    public void SeveralBadValuesInOneSettingsClass_AreAllReported()
    {
        var problems = Problems(With(("INTERACTION_PREFETCH", "x"), ("EVENT_PREFETCH", "y"), ("RABBITMQ_URL", "nope")));

        Assert.Contains(problems, p => p.StartsWith("INTERACTION_PREFETCH", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("EVENT_PREFETCH", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("RABBITMQ_URL", StringComparison.Ordinal));
    }

    [Fact]
    public void Problems_NeverContainASecretValue()
    {
        var problems = Problems(With(
            ("RABBITMQ_URL", "http://user:broker-password-1@host"),
            ("REDIS_URL", "tcp://:redis-password-2@host"),
            ("DISCORD_APPLICATION_ID", "bot-token-secret-value")));
        var text = WorkerHost.DescribeProblems(problems);

        Assert.Equal(3, problems.Count);
        Assert.DoesNotContain("broker-password-1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("redis-password-2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("bot-token-secret-value", text, StringComparison.Ordinal);
    }

    [Fact]
    public void HealthPort_WinsOverPort_AndPortIsUsedAlone()
    {
        Assert.Equal(9001, new WorkerSettings { HealthPort = 9001, Port = 9002 }.EffectiveHealthPort);
        Assert.Equal(9002, new WorkerSettings { Port = 9002 }.EffectiveHealthPort);
        Assert.Equal(8080, new WorkerSettings().EffectiveHealthPort);
    }
}
