using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Arrakis.Testing;

namespace Arrakis.EndToEnd.Tests.LocalRun;

/// <summary>
/// <c>./build/run.sh --demo</c> as a newcomer runs it, on this class's own vhost, Redis prefix and free ports: it
/// starts the simulator and the worker, publishes the sample, prints what the worker did, stops both, exits 0.
/// </summary>
public sealed partial class RunScriptDemoTests(IsolatedBroker broker, IsolatedRedis redis)
    : IClassFixture<IsolatedBroker>, IClassFixture<IsolatedRedis>
{
    [Fact]
    public async Task Demo_ExitsZero_AndPrintsTheCallsDiscordGot_AndTheDeadLetter()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Skip("build/run.sh is a bash script.");
        }

        var healthPort = FreePort();
        var simulatorPort = FreePort();
        var (exitCode, output) = await RunDemoAsync(new Dictionary<string, string?>
        {
            ["RABBITMQ_URL"] = broker.Url,
            ["REDIS_URL"] = redis.Url,
            ["REDIS_KEY_PREFIX"] = redis.KeyPrefix,
            ["HEALTH_PORT"] = healthPort.ToString(CultureInfo.InvariantCulture),
            ["DISCORD_SIMULATOR_PORT"] = simulatorPort.ToString(CultureInfo.InvariantCulture),
            ["DISCORD_BOT_TOKEN"] = "a-real-looking-token-that-must-stay-home",
            ["DISCORD_API_BASE_URL"] = null,
        });

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
        Assert.DoesNotContain("a-real-looking-token-that-must-stay-home", output, StringComparison.Ordinal);
        Assert.DoesNotMatch(InteractionToken(), output);
    }

    private static async Task<(int ExitCode, string Output)> RunDemoAsync(Dictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo("bash", ["build/run.sh", "--demo"])
        {
            WorkingDirectory = RepoRoot(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => Append(output, line.Data);
        process.ErrorDataReceived += (_, line) => Append(output, line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // A bound, not a speed target: the build inside run.sh is incremental after the suite's own build.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("build/run.sh --demo did not finish within 3 minutes:\n" + Text(output));
        }

        process.WaitForExit(); // drains the redirected output
        return (process.ExitCode, Text(output));
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
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

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Arrakis.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Arrakis.sln not found above the test's directory.");
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
