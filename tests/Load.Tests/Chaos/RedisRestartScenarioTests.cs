namespace Arrakis.Load.Tests.Chaos;

/// <summary>
/// The shared Redis stopped (data saved, as with persistence) for longer than the client's backlog timeout, then
/// started: the documented degraded behavior (ADR 0030), then nothing lost or doubled.
/// </summary>
[Trait("Category", "Disruptive")]
[Collection(nameof(DisruptiveChaos))]
public sealed class RedisRestartScenarioTests
{
    [Fact]
    public async Task RedisRestart_MidStream_DegradesAsDocumented_NothingLost()
    {
        var (exitCode, output) = await ChaosRun.RunAsync("redis-restart", "--rate", "100", "--duration", "12", "--stop-after", "3", "--down", "6");

        Assert.True(exitCode == 0 || BrokerRestartScenarioTests.OnlyTargetsMissed(output), output);
        Assert.Contains("[ok] not ready while Redis is down", output, StringComparison.Ordinal);
        Assert.Contains("[ok] events retried, not run, during the outage", output, StringComparison.Ordinal);
        Assert.Contains("[ok] every guild event done", output, StringComparison.Ordinal);
    }
}
