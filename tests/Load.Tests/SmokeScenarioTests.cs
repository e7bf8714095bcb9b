namespace Arrakis.Load.Tests;

/// <summary>The tool end to end: the worker as a process, paced mixed traffic, everything done once and witnessed.</summary>
public sealed class SmokeScenarioTests
{
    [Fact]
    public async Task Smoke_MixedTrafficThroughTheWorkerProcess_IsAllDoneOnce()
    {
        using var output = new StringWriter();

        var exitCode = await SmokeScenario.RunAsync(new Arguments(["--count", "300", "--rate", "150"]), output);

        Assert.True(exitCode == 0, output.ToString());
        Assert.Contains("300 published", output.ToString(), StringComparison.Ordinal);
    }
}
