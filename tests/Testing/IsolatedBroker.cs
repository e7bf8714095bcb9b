using RabbitMQ.Client;
using Xunit;

namespace Arrakis.Testing;

/// <summary>
/// A RabbitMQ vhost of its own for one test class, so classes running in parallel on one broker never
/// see each other's queues, policies or messages. Deleted (with everything in it) afterwards.
/// </summary>
public sealed class IsolatedBroker : IAsyncLifetime
{
    private IConnection? _connection;

    public string Vhost { get; } = "test-" + Guid.NewGuid().ToString("N")[..12];

    public string Url => TestServices.RabbitMqUrl(Vhost);

    public BrokerManagement Management { get; } = new();

    public IConnection Connection => _connection ?? throw new InvalidOperationException("Not initialised.");

    public async ValueTask InitializeAsync()
    {
        await Management.CreateVhostAsync(Vhost);
        _connection = await new ConnectionFactory { Uri = new Uri(Url), ClientProvidedName = "arrakis-tests" }.CreateConnectionAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        await Management.DeleteVhostAsync(Vhost);
        Management.Dispose();
    }

    /// <summary>Ready messages in a queue, or null when it does not exist.</summary>
    public async Task<uint?> MessageCountAsync(string queue)
    {
        await using var channel = await Connection.CreateChannelAsync();
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return null;
        }
    }

    /// <summary>Takes one message off a queue (acknowledged), or null when it is empty.</summary>
    public async Task<BasicGetResult?> GetAsync(string queue)
    {
        await using var channel = await Connection.CreateChannelAsync();
        return await channel.BasicGetAsync(queue, autoAck: true);
    }
}
