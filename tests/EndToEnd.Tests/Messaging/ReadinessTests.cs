using Arrakis.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client;

namespace Arrakis.EndToEnd.Tests.Messaging;

/// <summary>Readiness follows the subscriptions, not the connection: down while consumers are gone, back when both are.</summary>
public sealed class ReadinessTests(IsolatedBroker broker, IsolatedRedis redis)
    : IClassFixture<IsolatedBroker>, IClassFixture<IsolatedRedis>
{
    [Fact]
    public async Task BrokerClosesTheConnections_ReadinessDropsThenReturns_AndMessagesFlowAgain()
    {
        await using var worker = await WorkerUnderTest.StartAsync(WorkerUnderTest.Settings(broker, redis));
        var sawNotReady = false;
        using var watch = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            while (!watch.IsCancellationRequested)
            {
                sawNotReady |= (await ReadyAsync(worker)) != HealthStatus.Healthy;
                await Task.Delay(5);
            }
        });

        // The management API lists connections a moment after they open; this closes the worker's (and the test's).
        Assert.True(await Eventually.TrueAsync(async () => await broker.Management.CloseConnectionsAsync(broker.Vhost) > 1, TimeSpan.FromSeconds(15)));
        Assert.True(await Eventually.TrueAsync(() => sawNotReady), "Readiness never dropped.");
        Assert.True(await Eventually.TrueAsync(async () => await ReadyAsync(worker) == HealthStatus.Healthy), "Readiness did not return.");
        await watch.CancelAsync();
        await watcher;

        await using var connection = await new ConnectionFactory { Uri = new Uri(broker.Url) }.CreateConnectionAsync();
        var sample = WireFixture.Load("member.join").Fresh();
        await IngestorPublisher.PublishAsync(connection, sample);
        Assert.True(await Eventually.TrueAsync(() => worker.Logs.GetSnapshot().Any(r =>
            r.Category == "Arrakis.Application.Members.MemberJoinedHandler" && r.Message.Contains(sample.EventId, StringComparison.Ordinal))),
            "Not consuming after the reconnection.");
    }

    private static async Task<HealthStatus> ReadyAsync(WorkerUnderTest worker) =>
        (await worker.App.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(c => c.Name == "rabbitmq")).Status;
}
