using System.Diagnostics;
using Arrakis.Worker.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Arrakis.Worker.Health;

/// <summary>The process's resident memory against MEMORY_THRESHOLD_MB, as the TypeScript worker reported it.</summary>
internal sealed class MemoryHealthCheck(IOptions<WorkerSettings> settings) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var process = Process.GetCurrentProcess();
        var rssMb = process.WorkingSet64 / (1024.0 * 1024.0);
        var threshold = settings.Value.MemoryThresholdMb;
        var data = new Dictionary<string, object>
        {
            ["rssMb"] = Math.Round(rssMb, 1),
            ["managedHeapMb"] = Math.Round(GC.GetTotalMemory(forceFullCollection: false) / (1024.0 * 1024.0), 1),
            ["thresholdMb"] = threshold,
        };
        return Task.FromResult(rssMb <= threshold
            ? HealthCheckResult.Healthy("Memory is under the threshold.", data)
            : HealthCheckResult.Unhealthy($"Resident memory {rssMb:F0} MB is over the threshold of {threshold} MB.", data: data));
    }
}
