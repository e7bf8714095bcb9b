using Arrakis.Infrastructure.Messaging;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Arrakis.Infrastructure.Health;

/// <summary>Ready only when every queue consumer is subscribed: a connection alone proves nothing.</summary>
internal sealed class BrokerHealthCheck(ConsumerStates states) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var snapshot = states.Snapshot;
        var data = snapshot.ToDictionary(p => p.Key, p => (object)(p.Value ? "consuming" : "not consuming"), StringComparer.Ordinal);
        return Task.FromResult(states.AllConsuming
            ? HealthCheckResult.Healthy("Every queue consumer is subscribed.", data)
            : HealthCheckResult.Unhealthy("A queue consumer is not subscribed.", data: data));
    }
}
