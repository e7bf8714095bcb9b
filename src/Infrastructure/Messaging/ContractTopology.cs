using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Arrakis.Infrastructure.Messaging;

/// <summary>
/// Makes sure the contract's exchanges, queues and bindings, and the worker's own retry queues, exist.
/// Production brokers declare the contract's queues with arguments or with policies; one that exists with
/// other arguments makes the broker refuse our declaration (PRECONDITION_FAILED, which closes only the
/// throwaway channel it was sent on): it is then used as it is, with one warning (docs/adr/0010).
/// </summary>
internal sealed partial class ContractTopology(
    IOptions<RabbitMqOptions> options,
    IOptions<ConsumerOptions> consumerOptions,
    ILogger<ContractTopology> logger)
{
    public const string DeadLetterRoutingKey = "dead";
    public const int DeadLetterTtlMs = 604_800_000;
    private const ushort PreconditionFailed = 406;
    private const ushort NotFound = 404;

    private readonly ConcurrentDictionary<string, bool> _warned = new(StringComparer.Ordinal);

    public async Task EnsureAsync(IConnection connection, CancellationToken cancellationToken)
    {
        var o = options.Value;
        await EnsureAsync(connection, "exchange", o.ExchangeName,
            ch => ch.ExchangeDeclareAsync(o.ExchangeName, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: cancellationToken),
            ch => ch.ExchangeDeclarePassiveAsync(o.ExchangeName, cancellationToken));
        await EnsureAsync(connection, "exchange", o.DeadLetterExchange,
            ch => ch.ExchangeDeclareAsync(o.DeadLetterExchange, ExchangeType.Direct, durable: true, autoDelete: false, cancellationToken: cancellationToken),
            ch => ch.ExchangeDeclarePassiveAsync(o.DeadLetterExchange, cancellationToken));

        var deadLettering = new Dictionary<string, object?>
        {
            ["x-dead-letter-exchange"] = o.DeadLetterExchange,
            ["x-dead-letter-routing-key"] = DeadLetterRoutingKey,
        };
        await EnsureQueueAsync(connection, o.DeadLetterQueue, new Dictionary<string, object?> { ["x-message-ttl"] = DeadLetterTtlMs }, cancellationToken);
        await EnsureQueueAsync(connection, o.InteractionQueue, new Dictionary<string, object?>(deadLettering) { ["x-max-priority"] = 10 }, cancellationToken);
        await EnsureQueueAsync(connection, o.EventQueue, deadLettering, cancellationToken);

        foreach (var queue in new[] { o.InteractionQueue, o.EventQueue })
        {
            foreach (var delay in consumerOptions.Value.RetryDelays)
            {
                await EnsureQueueAsync(connection, RetryQueues.Name(queue, delay), RetryQueues.Arguments(queue, delay), cancellationToken);
            }
        }

        // Binding is idempotent and never conflicts with an existing binding.
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await channel.QueueBindAsync(o.InteractionQueue, o.ExchangeName, "interaction.#", cancellationToken: cancellationToken);
        await channel.QueueBindAsync(o.EventQueue, o.ExchangeName, "member.#", cancellationToken: cancellationToken);
        await channel.QueueBindAsync(o.EventQueue, o.ExchangeName, "guild.#", cancellationToken: cancellationToken);
        await channel.QueueBindAsync(o.DeadLetterQueue, o.DeadLetterExchange, DeadLetterRoutingKey, cancellationToken: cancellationToken);
    }

    private Task EnsureQueueAsync(IConnection connection, string name, IDictionary<string, object?> arguments, CancellationToken cancellationToken) =>
        EnsureAsync(connection, "queue", name,
            ch => ch.QueueDeclareAsync(name, durable: true, exclusive: false, autoDelete: false, arguments: arguments, cancellationToken: cancellationToken),
            ch => ch.QueueDeclarePassiveAsync(name, cancellationToken));

    // Each declaration gets a channel of its own: a refusal closes the channel it was sent on.
    private async Task EnsureAsync(IConnection connection, string kind, string name, Func<IChannel, Task> declare, Func<IChannel, Task> passiveDeclare)
    {
        try
        {
            await using var channel = await connection.CreateChannelAsync();
            await declare(channel);
            return;
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == PreconditionFailed)
        {
            if (_warned.TryAdd(kind + " " + name, true))
            {
                LogUsedAsItIs(kind, name, ex.ShutdownReason.ReplyText);
            }
        }

        // It exists with other arguments; make sure it really is there (a passive declare never conflicts).
        try
        {
            await using var channel = await connection.CreateChannelAsync();
            await passiveDeclare(channel);
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == NotFound)
        {
            throw new InvalidOperationException($"The {kind} {name} was refused and does not exist.", ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The {Kind} {Name} exists with other arguments than the worker's (likely set by policy); using it as it is: {Detail}")]
    private partial void LogUsedAsItIs(string kind, string name, string detail);
}
