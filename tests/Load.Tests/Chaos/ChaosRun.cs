using Arrakis.Load.Chaos;

namespace Arrakis.Load.Tests.Chaos;

/// <summary>Runs a chaos scenario, reduced, and returns its exit code with everything it printed (the failure message).</summary>
internal static class ChaosRun
{
    /// <summary>
    /// Short retry delays and a short processing timeout (a claim's lease is that plus 15 s): a crashed or cut-off
    /// run's claim frees itself, and its retry comes, within a test's time. Results go to a directory of their own.
    /// </summary>
    public static readonly string[] Quick =
        ["--retry-delays-ms", "1000,2000,4000,15000", "--processing-timeout-ms", "5000", "--results", Path.Combine(Path.GetTempPath(), "arrakis-chaos-tests")];

    public static async Task<(int ExitCode, string Output)> RunAsync(string scenario, params string[] options)
    {
        using var output = new StringWriter();
        var exitCode = await ChaosCommand.RunAsync(new Arguments([scenario, .. options, .. Quick]), output);
        return (exitCode, output.ToString());
    }
}
