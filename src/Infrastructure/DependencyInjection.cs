using Arrakis.Infrastructure.Configuration;
using Arrakis.Infrastructure.Discord;
using Arrakis.Infrastructure.Health;
using Arrakis.Infrastructure.Messaging;
using Arrakis.Infrastructure.Redis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

public static class InfrastructureHostBuilderExtensions
{
    /// <summary>Settings, the broker consumers, Redis, and their health checks.</summary>
    public static IHostApplicationBuilder AddInfrastructure(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;

        services.AddSettings<RabbitMqOptions>(configuration);
        services.AddSettings<RedisOptions>(configuration);
        services.AddSettings<DiscordOptions>(configuration);
        services.AddSettings<ProcessingOptions>(configuration);
        services.AddSingleton(TimeProvider.System);

        services.AddSingleton<BrokerConnectionFactory>();
        services.AddSingleton<ContractTopology>();
        services.AddSingleton<MessageProcessor>();
        services.AddSingleton<ConsumerStates>();
        services.AddSingleton<IHostedService>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<RabbitMqOptions>>().Value;
            return ActivatorUtilities.CreateInstance<QueueConsumerService>(sp, options.EventQueue, options.EventPrefetch);
        });

        services.AddSingleton<IConnectionMultiplexer>(sp =>
        {
            // REDIS_URL was validated at start-up, so it parses here.
            _ = RedisUrl.TryParse(sp.GetRequiredService<IOptions<RedisOptions>>().Value.Url, out var redisOptions);
            return ConnectionMultiplexer.Connect(redisOptions);
        });

        services.AddDiscordClient(configuration);

        services.AddHealthChecks()
            .AddCheck<BrokerHealthCheck>("rabbitmq", tags: ["ready"])
            .AddCheck<RedisHealthCheck>("redis", tags: ["ready"]);
        return builder;
    }
}
