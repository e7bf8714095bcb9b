namespace Arrakis.Load.Tests.Chaos;

/// <summary>Two workers racing on the same ids (every message published twice): no side effect twice, nothing lost.</summary>
[Trait("Category", "Disruptive")]
[Collection(nameof(DisruptiveChaos))]
public sealed class TwoWorkersScenarioTests
{
    [Fact]
    public async Task TwoWorkers_EveryMessageTwice_EachSideEffectOnce()
    {
        var (exitCode, output) = await ChaosRun.RunAsync("two-workers", "--count", "1000", "--rate", "250");

        Assert.True(exitCode == 0, output);
        Assert.Contains("[ok] no side effect twice: 0 doubled", output, StringComparison.Ordinal);
        Assert.Contains("[ok] both workers took a share", output, StringComparison.Ordinal);
    }
}
