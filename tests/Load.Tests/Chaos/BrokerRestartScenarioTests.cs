namespace Arrakis.Load.Tests.Chaos;

/// <summary>The shared broker stopped and started mid-stream: the worker consumes again by itself, nothing lost.</summary>
[Trait("Category", "Disruptive")]
[Collection(nameof(DisruptiveChaos))]
public sealed class BrokerRestartScenarioTests
{
    [Fact]
    public async Task BrokerRestart_MidStream_WorkerConsumesAgain_NothingLost()
    {
        var (exitCode, output) = await ChaosRun.RunAsync("broker-restart", "--rate", "100", "--duration", "10", "--stop-after", "3", "--down", "2");

        // The 5-second target is a figure for docs/reliability.md, not an assertion: only its being met at all is.
        Assert.True(exitCode == 0 || OnlyTargetsMissed(output), output);
        Assert.Contains("[ok] every guild event done", output, StringComparison.Ordinal);
        Assert.Contains("[ok] the worker stayed up", output, StringComparison.Ordinal);
    }

    internal static bool OnlyTargetsMissed(string output) =>
        output.Split('\n').Where(l => l.Contains("[FAIL]", StringComparison.Ordinal)).All(l => l.Contains("within 5 s", StringComparison.Ordinal));
}
