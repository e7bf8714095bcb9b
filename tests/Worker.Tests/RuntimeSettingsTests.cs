using System.Text.Json;

namespace Arrakis.Worker.Tests;

/// <summary>
/// The runtime settings of docs/adr/0070 are in the worker's build output (its runtimeconfig.json), which the image
/// and every run use: dropping one from the project file would cost throughput or memory silently.
/// </summary>
public sealed class RuntimeSettingsTests
{
    [Theory]
    [InlineData("System.GC.Server", "false")]
    [InlineData("System.Runtime.TieredPGO", "false")]
    [InlineData("System.Runtime.TieredCompilation", "false")]
    [InlineData("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit", "0")]
    public async Task TheWorkersRuntimeConfig_SetsIt(string name, string expected)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Arrakis.Worker.runtimeconfig.json");
        using var config = JsonDocument.Parse(await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));

        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.True(properties.TryGetProperty(name, out var value), $"{name} is not set in {path}");
        Assert.Equal(expected, value.ToString().ToLowerInvariant());
    }
}
