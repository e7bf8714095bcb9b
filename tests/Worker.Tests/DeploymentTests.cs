using Arrakis.Testing;

namespace Arrakis.Worker.Tests;

/// <summary>The Terraform parses with HashiCorp's HCL parser and has what an ECS deployment of the worker needs.</summary>
public sealed class DeploymentTests
{
    private static readonly string DeployDir = Path.Combine(RepoPaths.Root, "build", "deploy");

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
            var install = await ProcessRunner.RunAsync("npm", "ci --no-audit --no-fund", DeployDir);
            Assert.True(install.ExitCode == 0, install.Output);
        }

        return await ProcessRunner.RunAsync("node", "check-terraform.mjs", DeployDir, new Dictionary<string, string> { ["TERRAFORM_DIR"] = terraformDir });
    }
}
