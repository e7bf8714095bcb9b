namespace Arrakis.DiscordSimulator;

/// <summary>What the simulator saw, summarised from its request log.</summary>
public sealed record SimulatorStatistics(
    int Requests,
    IReadOnlyDictionary<string, int> ByRouteAndStatus,
    int RateLimited,
    IReadOnlyDictionary<string, int> RateLimitedByScope,
    int LateCallbacks,
    int DuplicateCallbacks,
    int Violations,
    int AuthorizationOnInteractionRoutes,
    double? CallbackLatencyP50Ms,
    double? CallbackLatencyMaxMs)
{
    public static SimulatorStatistics From(IReadOnlyList<SimulatorRequest> log)
    {
        var latencies = log.Where(r => r.CallbackLatencyMs is not null).Select(r => r.CallbackLatencyMs!.Value).Order().ToList();
        return new SimulatorStatistics(
            log.Count,
            log.GroupBy(r => $"{r.Method} {r.Route ?? "unknown"} {r.Status}").OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            log.Count(r => r.Status == 429),
            log.Where(r => r.Status == 429).GroupBy(r => r.Scope ?? "none").ToDictionary(g => g.Key, g => g.Count()),
            log.Count(r => r.LateCallback),
            log.Count(r => r.DuplicateCallback),
            log.Count(r => r.Violation is not null),
            log.Count(r => r.HasAuthorization && SimulatedRoutes.IsInteractionRoute(r.Route)),
            latencies.Count > 0 ? latencies[latencies.Count / 2] : null,
            latencies.Count > 0 ? latencies[^1] : null);
    }
}
