namespace Arrakis.Load.Chaos;

/// <summary><c>chaos &lt;scenario&gt;</c>: runs one scenario; exit code 0 when its pass criteria were met, 1 when not, 2 for a wrong name.</summary>
public static class ChaosCommand
{
    public static readonly IReadOnlyDictionary<string, Func<Arguments, TextWriter, Task<int>>> Scenarios =
        new Dictionary<string, Func<Arguments, TextWriter, Task<int>>>(StringComparer.Ordinal)
        {
            ["kill9"] = Kill9Scenario.RunAsync,
            ["broker-restart"] = BrokerRestartScenario.RunAsync,
            ["redis-restart"] = RedisRestartScenario.RunAsync,
            ["two-workers"] = TwoWorkersScenario.RunAsync,
            ["discord-5xx"] = Discord5xxScenario.RunAsync,
        };

    public static async Task<int> RunAsync(Arguments args, TextWriter output)
    {
        var name = args.Positional.FirstOrDefault();
        if (name is null || !Scenarios.TryGetValue(name, out var run))
        {
            await output.WriteLineAsync($"usage: chaos <{string.Join("|", Scenarios.Keys)}> [--option value ...]");
            return 2;
        }

        return await run(args, output);
    }
}
