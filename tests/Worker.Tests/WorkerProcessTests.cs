using System.Diagnostics;

namespace Arrakis.Worker.Tests;

/// <summary>The built worker as a process: what an ECS task would see when a setting is wrong.</summary>
public sealed class WorkerProcessTests
{
    [Fact]
    public async Task AWorkerWithBadSettings_ExitsNonZero_NamingEveryProblemOnStandardError()
    {
        var start = new ProcessStartInfo("dotnet", Path.Combine(AppContext.BaseDirectory, "Arrakis.Worker.dll"))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var key in new[] { "RABBITMQ_URL", "REDIS_URL", "DISCORD_APPLICATION_ID", "DISCORD_BOT_TOKEN" })
        {
            start.Environment.Remove(key);
        }

        start.Environment["DISCORD_BOT_TOKEN"] = "process-secret-token";
        start.Environment["EVENT_PREFETCH"] = "many";
        start.Environment["HEALTH_PORT"] = "0";

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(2, process.ExitCode);
        var message = await stderr;
        Assert.Contains("RABBITMQ_URL is required", message, StringComparison.Ordinal);
        Assert.Contains("REDIS_URL is required", message, StringComparison.Ordinal);
        Assert.Contains("DISCORD_APPLICATION_ID is required", message, StringComparison.Ordinal);
        Assert.Contains("EVENT_PREFETCH must be a whole number", message, StringComparison.Ordinal);
        Assert.DoesNotContain("process-secret-token", message + await stdout, StringComparison.Ordinal);
    }
}
