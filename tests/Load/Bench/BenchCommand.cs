using System.Globalization;
using Arrakis.Testing;

namespace Arrakis.Load.Bench;

/// <summary>
/// <c>bench &lt;scenario&gt; [--out file.json]</c>: one run of one scenario, against a fresh world and a fresh worker
/// process with default settings; prints one line, writes the run as JSON. <c>bench summary</c> sums runs up.
/// Exit code 1 when a target of the run is missed (2 for a wrong command).
/// </summary>
public static class BenchCommand
{
    public const string Scenarios = "throughput, latency --rate N, slow-discord, stale-backlog, startup, summary";

    public static async Task<int> RunAsync(Arguments args, TextWriter output)
    {
        var scenario = args.Positional.FirstOrDefault() ?? "";
        if (scenario == "summary")
        {
            return await BenchSummary.RunAsync(args, output);
        }

        Func<Arguments, TextWriter, Task<BenchResult>>? run = scenario switch
        {
            "throughput" => ThroughputBench.RunAsync,
            "latency" => LatencyBench.RunAsync,
            "slow-discord" => LatencyBench.RunSlowDiscordAsync,
            "stale-backlog" => StaleBacklogBench.RunAsync,
            "startup" => StartupBench.RunAsync,
            _ => null,
        };
        if (run is null)
        {
            await Console.Error.WriteLineAsync($"bench: unknown scenario '{scenario}' (known: {Scenarios})");
            return 2;
        }

        var result = await run(args, output);
        if (args.Text("env", "") is { Length: > 0 } env)
        {
            result.Note += $"; worker settings changed: {env}";
        }

        var path = args.Text("out", Path.Combine(RepoPaths.Root, "artifacts", "bench", "runs",
            $"{result.Label}-{result.StartedAt.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture)}.json"));
        await result.WriteAsync(path);
        output.WriteLine(result.Line());
        return result.TargetsMet ? 0 : 1;
    }

    /// <summary>Where the worker processes' logs go: <c>--logs</c>, or a folder under the temporary directory.</summary>
    public static string LogDirectory(Arguments args) =>
        args.Text("logs", Path.Combine(Path.GetTempPath(), "arrakis-load", "bench"));
}
