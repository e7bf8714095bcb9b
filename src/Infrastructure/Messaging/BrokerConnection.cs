using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace Arrakis.Infrastructure.Messaging;

/// <summary>
/// The one connection both queue consumers share. Whoever finds it closed opens a new one and sets the
/// topology up on it; the consumers then rebuild their own channels and subscriptions on it.
/// </summary>
internal sealed partial class BrokerConnection(
    BrokerConnectionFactory factory,
    ContractTopology topology,
    ILogger<BrokerConnection> logger) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;
    private bool _disposed;

    /// <param name="ensureTopology">Set it up again on an open connection too: after a failed subscription, a queue may have been deleted.</param>
    public async Task<IConnection> GetAsync(bool ensureTopology, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_connection is { IsOpen: true } open)
            {
                if (ensureTopology)
                {
                    await topology.EnsureAsync(open, cancellationToken);
                }

                return open;
            }

            await DisposeConnectionAsync();
            var connection = await factory.ConnectAsync("consumers", cancellationToken);
            try
            {
                await topology.EnsureAsync(connection, cancellationToken);
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }

            connection.ConnectionShutdownAsync += (_, args) =>
            {
                if (args.Initiator != ShutdownInitiator.Application)
                {
                    LogConnectionLost(args.ReplyCode, args.ReplyText);
                }

                return Task.CompletedTask;
            };
            LogConnected();
            return _connection = connection;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Twice by design: the consumers close it when they stop, the container when it is disposed.
        await _gate.WaitAsync();
        try
        {
            _disposed = true;
            await DisposeConnectionAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task DisposeConnectionAsync()
    {
        if (_connection is null)
        {
            return;
        }

        try
        {
            if (_connection.IsOpen)
            {
                await _connection.CloseAsync(TimeSpan.FromSeconds(5));
            }

            await _connection.DisposeAsync();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogCloseFailed(ex);
        }

        _connection = null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to the broker; topology in place")]
    private partial void LogConnected();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Broker connection closed ({ReplyCode} {ReplyText})")]
    private partial void LogConnectionLost(ushort replyCode, string replyText);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Closing a broken broker connection failed")]
    private partial void LogCloseFailed(Exception exception);
}
