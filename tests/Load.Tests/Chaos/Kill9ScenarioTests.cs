namespace Arrakis.Load.Tests.Chaos;

/// <summary>kill -9 of the worker mid-stream, then a new one: nothing lost, no side effect twice (the witness decides).</summary>
[Trait("Category", "Disruptive")]
[Collection(nameof(DisruptiveChaos))]
public sealed class Kill9ScenarioTests
{
    [Fact]
    public async Task Kill9_MidStream_ThenRestart_LosesNothing_DoublesNothing()
    {
        var (exitCode, output) = await ChaosRun.RunAsync("kill9", "--count", "1000", "--rate", "200");

        Assert.True(exitCode == 0, output);
        Assert.Contains("[ok] every guild event done: 700/700", output, StringComparison.Ordinal);
        Assert.Contains("[ok] every welcome DM sent: 100/100", output, StringComparison.Ordinal);
    }
}
