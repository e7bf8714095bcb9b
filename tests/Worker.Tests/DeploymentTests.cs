using System.Diagnostics;

namespace Arrakis.Worker.Tests;

/// <summary>The Terraform parses with HashiCorp's HCL parser and has what an ECS deployment of the worker needs.</summary>
public sealed class DeploymentTests
{
    private static readonly string DeployDir = Path.Combine(RepoRoot(), "build", "deploy");

    [Fact]
    public async Task Terraform_ParsesAndHasEveryRequiredResource()
    {
        var (exitCode, output) = await CheckAsync(Path.Combine(DeployDir, "terraform"));
        Assert.True(exitCode == 0, output);
        Assert.Contains("resources parsed and checked", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Terraform_WithoutTheCircuitBreakerRollback_FailsTheCheck()
    {
        var copy = Directory.CreateTempSubdirectory("arrakis-tf-").FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(DeployDir, "terraform"), "*.tf"))
        {
            var text = await File.ReadAllTextAsync(file);
            await File.WriteAllTextAsync(Path.Combine(copy, Path.GetFileName(file)), text.Replace("rollback = true", "rollback = false", StringComparison.Ordinal));
        }

        var (exitCode, output) = await CheckAsync(copy);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("circuit breaker", output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> CheckAsync(string terraformDir)
    {
        if (!Directory.Exists(Path.Combine(DeployDir, "node_modules")))
        {
            var install = await RunAsync("npm", "ci --no-audit --no-fund", new Dictionary<string, string>());
            Assert.True(install.ExitCode == 0, install.Output);
        }

        return await RunAsync("node", "check-terraform.mjs", new Dictionary<string, string> { ["TERRAFORM_DIR"] = terraformDir });
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string arguments, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = DeployDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
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
}
