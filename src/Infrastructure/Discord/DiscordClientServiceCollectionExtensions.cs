using Arrakis.Application.Abstractions.Discord;
using Arrakis.Infrastructure.Discord;
using Arrakis.Infrastructure.Discord.RateLimiting;
using Arrakis.Infrastructure.Discord.Rest;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class DiscordClientServiceCollectionExtensions
{
    /// <summary>
    /// The Discord REST client behind <see cref="IDiscordInteractions"/>, <see cref="IDiscordGuilds"/> and
    /// <see cref="IDiscordDirectMessages"/>. Needs DiscordOptions and RedisOptions settings, an
    /// IConnectionMultiplexer and a TimeProvider (AddInfrastructure registers them).
    /// </summary>
    public static IServiceCollection AddDiscordClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddHttpClient(DiscordRestClient.HttpClientName, (sp, http) =>
            {
                var options = sp.GetRequiredService<IOptions<DiscordOptions>>().Value;
                http.BaseAddress = new Uri(options.ApiBaseUrl.TrimEnd('/') + "/v10/");
                http.DefaultRequestHeaders.UserAgent.ParseAdd(DiscordRestClient.UserAgent);
                // The client keeps its own per-request deadline (an interaction's 3 s window, or RequestTimeout).
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            // Interaction routes hold tokens in their paths: the default handlers log full URIs, and the framework's
            // tracing handler records url.full. Without a propagator SocketsHttpHandler leaves that handler out;
            // DiscordRestClient traces the route template instead.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                ActivityHeadersPropagator = null,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            .RemoveAllLoggers();

        services.AddSingleton<DiscordRedisKeys>();
        services.AddSingleton<RedisRateLimiter>();
        services.AddSingleton<InvalidRequestGuard>();
        services.AddSingleton<DiscordRestClient>();
        services.AddSingleton<IDiscordInteractions, DiscordInteractionsClient>();
        services.AddSingleton<IDiscordGuilds, DiscordGuildsClient>();
        services.AddSingleton<IDiscordDirectMessages, DiscordDirectMessagesClient>();
        services.AddHealthChecks().AddCheck<DiscordHealthCheck>("discord", tags: ["ready"]);
        return services;
    }
}
