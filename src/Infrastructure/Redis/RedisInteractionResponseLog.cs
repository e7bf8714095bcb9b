using Arrakis.Application.Abstractions.State;
using Arrakis.Domain.Discord;
using StackExchange.Redis;

namespace Arrakis.Infrastructure.Redis;

internal sealed class RedisInteractionResponseLog(IConnectionMultiplexer redis, RedisKeys keys) : IInteractionResponseLog
{
    public Task MarkAnsweredAsync(Snowflake interactionId, CancellationToken cancellationToken) =>
        RedisCall.RunAsync(() => redis.GetDatabase().StringSetAsync(keys.Answered(interactionId), "1", RedisKeys.InteractionAnswered));

    public Task<bool> WasAnsweredAsync(Snowflake interactionId, CancellationToken cancellationToken) =>
        RedisCall.RunAsync(() => redis.GetDatabase().KeyExistsAsync(keys.Answered(interactionId)));
}
