using System.Diagnostics;
using Arrakis.DiscordSimulator;

namespace Arrakis.Load.Chaos;

/// <summary>
/// <c>chaos redis-restart</c>: Redis stops (SHUTDOWN SAVE: its data is kept, as with the persistence ADR 0030 asks of
/// production) for longer than the multiplexer's 5-second backlog, then starts again, while traffic flows. Pass, the
/// documented degraded behavior: the worker stays up and reports not ready meanwhile, nothing runs without its
/// claim (events are retried, interactions told "temporarily unavailable" where their window allows), it is ready
/// and handling again soon after Redis is, and afterwards nothing is lost or doubled. Needs the measurement lock.
/// </summary>
public static class RedisRestartScenario
{
    public static async Task<int> RunAsync(Arguments args, TextWriter output)
    {
        await using var setup = await ChaosSetup.StartAsync(args, "redis-restart");
        var verdict = new ChaosVerdict("redis-restart");
        bool? readyDuringOutage = null;
        var run = await OutageRun.RunAsync(
            args, output, setup, verdict, "Redis", "redis", defaultDown: TimeSpan.FromSeconds(8),
            stop: async () =>
            {
                var stopping = Stopwatch.StartNew();
                await ChaosServices.StopRedisAsync();
                return ("shutdownSaveMs", stopping.Elapsed);
            },
            start: ChaosServices.StartRedisAsync,
            whileDown: async worker => readyDuringOutage = await worker.IsReadyAsync());

        var toldUnavailable = setup.World.Simulator.Requests.Count(r => SimulatedRoutes.IsInteractionRoute(r.Route) && r.Status is >= 200 and < 300
            && r.Body.Contains("temporarily unavailable", StringComparison.Ordinal));
        verdict.Check("not ready while Redis is down", readyDuringOutage == false, readyDuringOutage == false ? "/health/ready not 200" : "/health/ready answered 200");
        verdict.Check("events retried, not run, during the outage", run.Counts?.Retried > 0, $"{run.Counts?.Retried} retried");
        verdict.Figure("toldTemporarilyUnavailable", toldUnavailable);
        return await verdict.FinishAsync(output, setup);
    }
}
