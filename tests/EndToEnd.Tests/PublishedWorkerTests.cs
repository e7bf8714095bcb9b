using System.Diagnostics;
using Arrakis.Testing;

namespace Arrakis.EndToEnd.Tests;

/// <summary>
/// The worker published exactly as the Dockerfile publishes it, started as the container would start it (no Docker
/// engine runs here): it becomes live, its HEALTHCHECK command passes, and SIGTERM stops it with exit code 0.
/// </summary>
public sealed class PublishedWorkerTests(IsolatedBroker broker, IsolatedRedis redis)
    : IClassFixture<IsolatedBroker>, IClassFixture<IsolatedRedis>
{
    [Fact]
    public async Task PublishedWorker_StartsLive_PassesItsHealthCheck_AndStopsCleanlyOnSigterm()
    {
        var root = RepoPaths.Root;
        var output = Directory.CreateTempSubdirectory("arrakis-publish-").FullName;
        // The Dockerfile's publish command.
        var publish = await ProcessRunner.RunAsync("dotnet", $"publish src/Worker/Arrakis.Worker.csproj -c Release -o \"{output}\" /p:UseAppHost=false -nologo -v quiet", root);
        Assert.True(publish.ExitCode == 0, publish.Output);

        var port = TestServices.FreePort();
        var environment = new Dictionary<string, string>
        {
            ["RABBITMQ_URL"] = broker.Url,
            ["REDIS_URL"] = redis.Url,
            ["REDIS_KEY_PREFIX"] = redis.KeyPrefix,
            ["DISCORD_APPLICATION_ID"] = "1100000000000000001",
            ["DISCORD_BOT_TOKEN"] = "published-worker-token",
            ["HEALTH_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var start = new ProcessStartInfo("dotnet", Path.Combine(output, "Arrakis.Worker.dll"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var worker = Process.Start(start)!;
        var logs = worker.StandardOutput.ReadToEndAsync();
        _ = worker.StandardError.ReadToEndAsync();
        try
        {
            var probe = (ExitCode: -1, Output: "");
            Assert.True(await Eventually.TrueAsync(async () =>
                (probe = await ProcessRunner.RunAsync("dotnet", $"\"{Path.Combine(output, "Arrakis.Worker.dll")}\" --health-check", output, environment)).ExitCode == 0,
                TimeSpan.FromSeconds(60)), "The HEALTHCHECK command never passed: " + probe.Output);
        }
        finally
        {
            if (!worker.HasExited)
            {
                using var kill = Process.Start("kill", $"-TERM {worker.Id}");
                await kill!.WaitForExitAsync();
            }
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        await worker.WaitForExitAsync(timeout.Token);
        Assert.Equal(0, worker.ExitCode);
        Assert.DoesNotContain("published-worker-token", await logs, StringComparison.Ordinal);
    }
}
