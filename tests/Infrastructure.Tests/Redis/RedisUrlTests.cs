using Arrakis.Infrastructure.Redis;

namespace Arrakis.Infrastructure.Tests.Redis;

/// <summary>How the worker reconnects to Redis after an outage, whatever its length (ADR 0030).</summary>
public sealed class RedisUrlTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(100)]
    [InlineData(10_000)]
    public void AfterAnyNumberOfFailedAttempts_TheNextReconnectionIsDueWithinTwoSeconds_ButNotInABusyLoop(long failedAttempts)
    {
        Assert.True(RedisUrl.TryParse("redis://:secret@127.0.0.1:6379/0", out var options));

        // The client asks its policy on each heartbeat; the client's default answers "not yet" for up to 10 s.
        Assert.True(options.ReconnectRetryPolicy.ShouldRetry(failedAttempts, 2_000));
        Assert.False(options.ReconnectRetryPolicy.ShouldRetry(failedAttempts, 400));
    }
}
