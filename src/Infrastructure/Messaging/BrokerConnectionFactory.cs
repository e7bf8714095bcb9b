using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace Arrakis.Infrastructure.Messaging;

/// <summary>Opens broker connections from <c>RABBITMQ_URL</c>.</summary>
internal sealed class BrokerConnectionFactory(IOptions<RabbitMqOptions> options)
{
    public Task<IConnection> ConnectAsync(string purpose, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory
        {
            Uri = new Uri(options.Value.Url),
            ClientProvidedName = $"arrakis-worker:{purpose}",
            // The consumer rebuilds connection, channel, topology and subscription itself, as MassTransit
            // does: the client's own recovery does not bring back channels closed by a channel error.
            AutomaticRecoveryEnabled = false,
            TopologyRecoveryEnabled = false,
            // A dead peer is noticed within about 30 s instead of the client default's 2 minutes.
            RequestedHeartbeat = TimeSpan.FromSeconds(15),
            // A broker still booting may accept TCP and stall the handshake: give up soon and try again, so the
            // consumers are back within seconds of the broker being reachable rather than after the 30 s default.
            RequestedConnectionTimeout = TimeSpan.FromSeconds(5),
            HandshakeContinuationTimeout = TimeSpan.FromSeconds(5),
        };
        return factory.CreateConnectionAsync(cancellationToken);
    }
}
