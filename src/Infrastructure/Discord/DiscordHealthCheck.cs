using Arrakis.Infrastructure.Discord.RateLimiting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Arrakis.Infrastructure.Discord;

/// <summary>
/// The Discord client's own state: unhealthy when it has stopped sending (bot token refused, edge ban, invalid-request
/// budget spent), degraded past a fifth of the budget. Registered with the "ready" tag.
/// </summary>
internal sealed class DiscordHealthCheck(InvalidRequestGuard guard, RedisRateLimiter limiter) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await guard.RefreshAsync();
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
        {
            // Redis's own check reports it; the last known count still says something.
        }

        var data = new Dictionary<string, object>
        {
            ["invalidRequests10m"] = guard.Count,
            ["invalidRequestLimit"] = guard.Limit,
        };
        if (limiter.IsRevoked)
        {
            return HealthCheckResult.Unhealthy("Discord rejected the bot token (401): bot requests are stopped.", data: data);
        }

        if (limiter.BannedUntil is { } until)
        {
            return HealthCheckResult.Unhealthy($"Discord's edge is blocking this IP: requests paused until {until:O}.", data: data);
        }

        if (guard.IsTripped)
        {
            return HealthCheckResult.Unhealthy($"{guard.Count} invalid requests in 10 minutes (limit {guard.Limit}): bot requests are stopped.", data: data);
        }

        return guard.Count >= guard.WarningThreshold
            ? HealthCheckResult.Degraded($"{guard.Count} invalid requests in 10 minutes (limit {guard.Limit}).", data: data)
            : HealthCheckResult.Healthy("Discord client is sending.", data);
    }
}
