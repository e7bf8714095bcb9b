using Arrakis.Application.Abstractions.State;
using Arrakis.Application.Behaviors;
using Arrakis.Infrastructure.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Arrakis.Infrastructure.Redis;

public static class RedisStateServiceCollectionExtensions
{
    /// <summary>
    /// The Redis adapters of the application's state ports, and the acknowledgement timing bound from
    /// <c>DEFER_TIMEOUT_MS</c>. Needs the <see cref="StackExchange.Redis.IConnectionMultiplexer"/> and the settings.
    /// </summary>
    public static IServiceCollection AddRedisState(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var processing = sp.GetRequiredService<IOptions<ProcessingOptions>>().Value;
            return new RedisKeys(sp.GetRequiredService<IOptions<RedisOptions>>().Value.KeyPrefix, IdempotencyLease(processing));
        });
        services.AddSingleton<IIdempotencyStore, RedisIdempotencyStore>();
        services.AddSingleton<ISideEffectLog, RedisSideEffectLog>();
        services.AddSingleton<ISessionStore, RedisSessionStore>();
        services.AddSingleton<ICooldownStore, RedisCooldownStore>();
        services.AddSingleton<IRateLimiter, RedisRateLimiter>();
        services.AddSingleton<IGuildSettingsStore, RedisGuildSettingsStore>();
        services.AddSingleton<IInteractionResponseLog, RedisInteractionResponseLog>();
        services.AddSingleton<IVerificationStore, RedisVerificationStore>();
        services.AddSingleton<IGuildStateEraser, RedisGuildStateEraser>();
        services.AddSingleton(sp => new AcknowledgementOptions
        {
            DeferDeadline = TimeSpan.FromMilliseconds(sp.GetRequiredService<IOptions<ProcessingOptions>>().Value.DeferTimeoutMs),
        });
        return services;
    }

    // A handler is cancelled after PROCESSING_TIMEOUT_MS; the lease outlives that with a margin, so a live run is
    // never taken over, yet a crashed worker's claim frees itself soon after.
    private static TimeSpan IdempotencyLease(ProcessingOptions processing) =>
        TimeSpan.FromMilliseconds(processing.ProcessingTimeoutMs) + TimeSpan.FromSeconds(15);
}
