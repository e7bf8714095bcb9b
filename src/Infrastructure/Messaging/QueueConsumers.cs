using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Arrakis.Infrastructure.Messaging;

/// <summary>
/// Runs both queue consumers on one connection and stops them together: on SIGTERM both stop taking
/// messages at once and drain in parallel, within one shutdown timeout, before the connection closes.
/// </summary>
internal sealed partial class QueueConsumers(
    IEnumerable<QueueConsumer> consumers,
    BrokerConnection connection,
    ILogger<QueueConsumers> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the host's start-up path: the first connection attempt must not hold up the health endpoint.
        await Task.Yield();
        await Task.WhenAll(consumers.Select(c => c.RunAsync(stoppingToken)));
        await connection.DisposeAsync();
        LogStopped();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Queue consumers stopped; broker connection closed")]
    private partial void LogStopped();
}
