using Arrakis.Application.Abstractions.Wallets;
using Arrakis.Application.Interactions;
using Arrakis.Infrastructure.Configuration;
using Arrakis.Infrastructure.Discord;
using Arrakis.Infrastructure.Health;
using Arrakis.Infrastructure.Redis;
using Arrakis.Infrastructure.Wallets;
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

        services.AddSettings<RedisOptions>(configuration);
        services.AddSettings<DiscordOptions>(configuration);
        services.AddSettings<UserRateLimitOptions>(configuration);
        services.AddSingleton(sp =>
        {
            var limits = sp.GetRequiredService<IOptions<UserRateLimitOptions>>().Value;
            return new InteractionLimits { PerUser = limits.Limit, Window = TimeSpan.FromMilliseconds(limits.WindowMs) };
        });
        services.AddSingleton(TimeProvider.System);

        services.AddMessaging(configuration);

        services.AddSingleton<IConnectionMultiplexer>(sp =>
        {
            // REDIS_URL was validated at start-up, so it parses here.
            _ = RedisUrl.TryParse(sp.GetRequiredService<IOptions<RedisOptions>>().Value.Url, out var redisOptions);
            return ConnectionMultiplexer.Connect(redisOptions);
        });
        services.AddRedisState();

        services.AddSingleton<IWalletSignatures, NethereumWalletSignatures>();

        services.AddDiscordClient(configuration);

        services.AddHealthChecks()
            .AddCheck<BrokerHealthCheck>("rabbitmq", tags: ["ready"])
            .AddCheck<RedisHealthCheck>("redis", tags: ["ready"]);
        return builder;
    }

    /// <summary>Connects to Redis now (in the background if it is down) rather than on the first message.</summary>
    public static IServiceProvider ConnectInfrastructure(this IServiceProvider services)
    {
        services.GetRequiredService<IConnectionMultiplexer>();
        return services;
    }
}
