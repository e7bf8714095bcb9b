namespace Arrakis.Load.Tests.Chaos;

/// <summary>Discord answering 5xx to everything for a while: retries with backoff, every guild event done after, no 429.</summary>
[Trait("Category", "Disruptive")]
[Collection(nameof(DisruptiveChaos))]
public sealed class Discord5xxScenarioTests
{
    [Fact]
    public async Task Discord5xx_ForFiveSeconds_RetriedWithBackoff_NothingLost()
    {
        var (exitCode, output) = await ChaosRun.RunAsync("discord-5xx", "--rate", "100", "--before", "2", "--outage", "5", "--after", "2");

        Assert.True(exitCode == 0, output);
        Assert.Contains("[ok] retries with backoff", output, StringComparison.Ordinal);
        Assert.Contains("[ok] no 429: 0 429s", output, StringComparison.Ordinal);
    }
}
