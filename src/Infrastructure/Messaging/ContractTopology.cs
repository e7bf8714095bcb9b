using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Arrakis.Infrastructure.Messaging;

/// <summary>
/// Makes sure the contract's exchanges, queues and bindings exist. What already exists is used as it is
/// (checked passively): production brokers declare it with arguments or with policies, and re-declaring
/// with other arguments would make the broker close the channel with PRECONDITION_FAILED.
/// </summary>
internal sealed partial class ContractTopology(IOptions<RabbitMqOptions> options, ILogger<ContractTopology> logger)
{
    public const string DeadLetterRoutingKey = "dead";
    public const int DeadLetterTtlMs = 604_800_000;

    public async Task EnsureAsync(IConnection connection, CancellationToken cancellationToken)
    {
        var o = options.Value;
        await EnsureExchangeAsync(connection, o.ExchangeName, ExchangeType.Topic, cancellationToken);
        await EnsureExchangeAsync(connection, o.DeadLetterExchange, ExchangeType.Direct, cancellationToken);

        var deadLettering = new Dictionary<string, object?>
        {
            ["x-dead-letter-exchange"] = o.DeadLetterExchange,
            ["x-dead-letter-routing-key"] = DeadLetterRoutingKey,
        };
        await EnsureQueueAsync(connection, o.DeadLetterQueue, new Dictionary<string, object?> { ["x-message-ttl"] = DeadLetterTtlMs }, cancellationToken);
        await EnsureQueueAsync(connection, o.InteractionQueue, new Dictionary<string, object?>(deadLettering) { ["x-max-priority"] = 10 }, cancellationToken);
        await EnsureQueueAsync(connection, o.EventQueue, deadLettering, cancellationToken);

        // Binding is idempotent and never conflicts with an existing binding.
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await channel.QueueBindAsync(o.InteractionQueue, o.ExchangeName, "interaction.#", cancellationToken: cancellationToken);
        await channel.QueueBindAsync(o.EventQueue, o.ExchangeName, "member.#", cancellationToken: cancellationToken);
        await channel.QueueBindAsync(o.EventQueue, o.ExchangeName, "guild.#", cancellationToken: cancellationToken);
        await channel.QueueBindAsync(o.DeadLetterQueue, o.DeadLetterExchange, DeadLetterRoutingKey, cancellationToken: cancellationToken);
    }

    private async Task EnsureExchangeAsync(IConnection connection, string name, string type, CancellationToken cancellationToken)
    {
        if (await ExistsAsync(connection, ch => ch.ExchangeDeclarePassiveAsync(name, cancellationToken)))
        {
            return;
        }

        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await channel.ExchangeDeclareAsync(name, type, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        LogDeclared("exchange", name);
    }

    private async Task EnsureQueueAsync(IConnection connection, string name, IDictionary<string, object?> arguments, CancellationToken cancellationToken)
    {
        if (await ExistsAsync(connection, ch => ch.QueueDeclarePassiveAsync(name, cancellationToken)))
        {
            return;
        }

        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(name, durable: true, exclusive: false, autoDelete: false, arguments: arguments, cancellationToken: cancellationToken);
        LogDeclared("queue", name);
    }

    // A passive declare of something missing closes its channel (404), so each check gets a channel of its own.
    private static async Task<bool> ExistsAsync(IConnection connection, Func<IChannel, Task> passiveDeclare)
    {
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            await passiveDeclare(channel);
            return true;
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Declared missing {Kind} {Name} with the contract's arguments")]
    private partial void LogDeclared(string kind, string name);
}
