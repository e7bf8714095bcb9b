using System.Globalization;
using Arrakis.Testing;

namespace Arrakis.Load.Tests;

/// <summary>The <c>publish</c> command against a running stack, reading the simulator's log over HTTP as it would build/run.sh's.</summary>
public sealed class PublishCommandTests
{
    [Fact]
    public async Task Publish_AgainstARunningWorker_ReportsEveryMessageDoneOnce()
    {
        await using var world = await LoadWorld.StartAsync(Path.Combine(Path.GetTempPath(), "arrakis-load-tests"));
        await world.StartReadyWorkerAsync();
        using var output = new StringWriter();

        var exitCode = await PublishCommand.RunAsync(new Arguments(
        [
            "--broker", world.Broker.Url, "--simulator", world.Simulator.Root.ToString(),
            "--redis", $"redis://127.0.0.1:{TestServices.RedisPort.ToString(CultureInfo.InvariantCulture)}", "--prefix", world.Redis.KeyPrefix,
            "--rate", "100", "--seconds", "2",
        ]), output);

        Assert.True(exitCode == 0, output.ToString());
        Assert.Contains("200/200 done", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("done twice 0", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_ToABrokerOffThisMachine_IsRefused()
    {
        using var output = new StringWriter();

        var exitCode = await PublishCommand.RunAsync(new Arguments(["--broker", "amqp://guest:guest@192.0.2.1:5672/"]), output);

        Assert.Equal(2, exitCode);
    }
}
