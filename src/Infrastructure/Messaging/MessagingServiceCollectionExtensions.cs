using Arrakis.Infrastructure.Configuration;
using Arrakis.Infrastructure.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class MessagingServiceCollectionExtensions
{
    /// <summary>
    /// The broker adapter: settings, topology, and one consumer per contract queue on a shared connection.
    /// Needs an <c>IMessageDispatcher</c> (Application) and a <see cref="TimeProvider"/>.
    /// </summary>
    public static IServiceCollection AddMessaging(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<RabbitMqOptions>(configuration);
        services.AddSettings<ProcessingOptions>(configuration);
        services.AddSettings<ConsumerOptions>(configuration);
        services.AddMetrics();

        services.AddSingleton<BrokerConnectionFactory>();
        services.AddSingleton<ContractTopology>();
        services.AddSingleton<BrokerConnection>();
        services.AddSingleton<MessageProcessor>();
        services.AddSingleton<MessagingMetrics>();
        services.AddSingleton<CompletedMessages>();
        services.AddSingleton<ConsumerStates>();
        services.AddSingleton<MessageCounts>();
        services.AddSingleton(sp => Consumer(sp, o => ConsumedQueue.Of(o.Broker.InteractionQueue, o.Broker.InteractionPrefetch, o.Consumer.InteractionConcurrency)));
        services.AddSingleton(sp => Consumer(sp, o => ConsumedQueue.Of(o.Broker.EventQueue, o.Broker.EventPrefetch, o.Consumer.EventConcurrency)));
        services.AddHostedService<QueueConsumers>();
        return services;
    }

    private static QueueConsumer Consumer(IServiceProvider services, Func<(RabbitMqOptions Broker, ConsumerOptions Consumer), ConsumedQueue> queue)
    {
        var consumerOptions = services.GetRequiredService<IOptions<ConsumerOptions>>().Value;
        return new QueueConsumer(
            queue((services.GetRequiredService<IOptions<RabbitMqOptions>>().Value, consumerOptions)),
            services.GetRequiredService<BrokerConnection>(),
            services.GetRequiredService<MessageProcessor>(),
            services.GetRequiredService<ConsumerStates>(),
            TimeSpan.FromMilliseconds(consumerOptions.ShutdownTimeoutMs),
            services.GetRequiredService<ILogger<QueueConsumer>>());
    }
}
