using System.Globalization;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Arrakis.Testing;

namespace Arrakis.EndToEnd.Tests.LocalRun;

/// <summary>
/// <c>./build/run.sh</c> as a newcomer runs it, on this class's own vhost, Redis prefix and free ports: with
/// <c>--demo</c> it starts the simulator and the worker, publishes the sample, prints what the worker did, stops
/// both and exits 0; without it, it runs until interrupted and then stops both. Nothing leaves 127.0.0.1.
/// </summary>
public sealed partial class RunScriptDemoTests(IsolatedBroker broker, IsolatedRedis redis)
    : IClassFixture<IsolatedBroker>, IClassFixture<IsolatedRedis>
{
    private const string ShellToken = "a-real-looking-token-that-must-stay-home";
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Demo_ExitsZero_AndPrintsTheCallsDiscordGot_AndTheDeadLetter()
    {
        SkipUnlessLinux();
        var (healthPort, simulatorPort, environment) = Environment();
        using var run = RunScript.Start(["--demo"], environment);

        var exitCode = await run.ExitAsync(Bound);

        var output = run.Output;
        Assert.True(exitCode == 0, output);
        Assert.Matches(SetupDeferred(), output);
        Assert.Matches(SetupAnswered(), output);
        Assert.Single(RoleAdded().Matches(output));
        Assert.Matches(VerifyReplied(), output);
        Assert.Matches(MalformedDeadLettered(), output);
        Assert.Contains("[demo] result: OK", output, StringComparison.Ordinal);

        // The worker ran on this class's vhost and Redis prefix (run.sh honoured them): its queues and /setup's setting are there.
        Assert.NotNull(await broker.MessageCountAsync("arrakis.interactions"));
        Assert.NotEmpty(await redis.KeysAsync());
        // The demo took its dead letter off the queue, and run.sh's trap stopped the simulator and the worker.
        Assert.Equal(0u, await broker.MessageCountAsync("arrakis.dlq"));
        Assert.False(Listening(simulatorPort), "The Discord simulator outlived run.sh.");
        Assert.False(Listening(healthPort), "The worker outlived run.sh.");
        // Secrets: neither the shell's bot token (unused with the simulator) nor an interaction token is printed.
        Assert.DoesNotContain(ShellToken, output, StringComparison.Ordinal);
        Assert.DoesNotMatch(InteractionToken(), output);
    }

    [Fact]
    public async Task Run_OnCtrlC_StopsTheSimulatorAndTheWorker_AfterTheWorkerDrains()
    {
        SkipUnlessLinux();
        var (healthPort, simulatorPort, environment) = Environment();
        using var run = RunScript.Start([], environment);
        Assert.True(await run.PrintedAsync("[run] Ctrl+C stops everything", Bound), run.Output);
        Assert.True(Listening(simulatorPort) && Listening(healthPort), run.Output);

        await run.SignalGroupAsync("INT");

        Assert.Equal(130, await run.ExitAsync(Bound));
        Assert.Contains("[run] stopped", run.Output, StringComparison.Ordinal);
        // The worker's own shutdown still reaches the screen: its drain is logged before run.sh is done.
        Assert.Contains("[worker]", run.Output[run.Output.IndexOf("[run] Ctrl+C stops everything", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.False(Listening(simulatorPort), "The Discord simulator outlived run.sh.");
        Assert.False(Listening(healthPort), "The worker outlived run.sh.");
    }

    [Theory]
    [InlineData("--real-discord --demo", "--demo runs against the Discord simulator only")]
    [InlineData("--real-discord", "--real-discord needs DISCORD_BOT_TOKEN and DISCORD_APPLICATION_ID")]
    public async Task RealDiscord_IsRefused_WithTheDemo_OrWithoutCredentials(string arguments, string message)
    {
        SkipUnlessLinux();
        // Refused before anything starts: nothing here can reach Discord.
        using var run = RunScript.Start(arguments.Split(' '), new Dictionary<string, string?>
        {
            ["DISCORD_BOT_TOKEN"] = arguments.Contains("--demo", StringComparison.Ordinal) ? ShellToken : null,
            ["DISCORD_APPLICATION_ID"] = null,
            ["RABBITMQ_URL"] = broker.Url,
        });

        Assert.Equal(2, await run.ExitAsync(Bound));
        Assert.Contains(message, run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("[services]", run.Output, StringComparison.Ordinal);
    }

    private (int HealthPort, int SimulatorPort, Dictionary<string, string?> Environment) Environment()
    {
        var healthPort = TestServices.FreePort();
        var simulatorPort = TestServices.FreePort();
        return (healthPort, simulatorPort, new Dictionary<string, string?>
        {
            ["RABBITMQ_URL"] = broker.Url,
            ["REDIS_URL"] = redis.Url,
            ["REDIS_KEY_PREFIX"] = redis.KeyPrefix,
            ["HEALTH_PORT"] = healthPort.ToString(CultureInfo.InvariantCulture),
            ["DISCORD_SIMULATOR_PORT"] = simulatorPort.ToString(CultureInfo.InvariantCulture),
            ["DISCORD_BOT_TOKEN"] = ShellToken,
            ["DISCORD_API_BASE_URL"] = null,
        });
    }

    private static void SkipUnlessLinux()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Skip("build/run.sh is a bash script.");
        }
    }


    private static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(System.Net.IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"\[demo\]\s+/setup auto-role\s+POST\s+interaction\.callback\s+2\d\d\s+type 5")]
    private static partial Regex SetupDeferred();

    [GeneratedRegex(@"\[demo\]\s+/setup auto-role\s+PATCH\s+webhook\.original\.edit\s+2\d\d")]
    private static partial Regex SetupAnswered();

    [GeneratedRegex(@"\[demo\]\s+member\.join\s+PUT\s+guild\.role\.add\s+2\d\d")]
    private static partial Regex RoleAdded();

    [GeneratedRegex(@"\[demo\]\s+/verify\s+POST\s+interaction\.callback\s+2\d\d\s+type 4")]
    private static partial Regex VerifyReplied();

    [GeneratedRegex(@"\[demo\]\s+malformed member\.join\s+x-arrakis-reason: not-json")]
    private static partial Regex MalformedDeadLettered();

    [GeneratedRegex("demo-[0-9a-f]{32}")]
    private static partial Regex InteractionToken();
}
