using Arrakis.Application.Abstractions.State;
using Arrakis.Infrastructure.Redis;
using Arrakis.Testing;
using StackExchange.Redis;

namespace Arrakis.Infrastructure.Tests.Redis;

public sealed class RedisSideEffectLogTests(IsolatedRedis redis) : IClassFixture<IsolatedRedis>
{
    [Fact]
    public async Task ARecordedEffect_IsDone_ForThisAndAnyOtherWorker()
    {
        var key = "event:" + Guid.NewGuid();
        await new RedisSideEffectLog(redis.Database.Multiplexer, redis.Keys()).RecordAsync(key, "auto-role", CancellationToken.None);

        var otherWorker = new RedisSideEffectLog(redis.Database.Multiplexer, redis.Keys());
        Assert.True(await otherWorker.WasDoneAsync(key, "auto-role", CancellationToken.None));
        Assert.False(await otherWorker.WasDoneAsync(key, "welcome", CancellationToken.None));
    }

    [Fact]
    public async Task AnEffectWhoseRecordCouldNotBeWritten_IsStillDoneForThisWorker_WithoutAskingRedis()
    {
        // Nothing listens on this port: every command fails as in an outage.
        await using var down = await ConnectionMultiplexer.ConnectAsync(
            $"127.0.0.1:{TestServices.FreePort()},abortConnect=false,connectTimeout=200,asyncTimeout=300,syncTimeout=300");
        var log = new RedisSideEffectLog(down, redis.Keys());
        var key = "event:" + Guid.NewGuid();

        await Assert.ThrowsAsync<StateUnavailableException>(() => log.RecordAsync(key, "auto-role", CancellationToken.None));

        Assert.True(await log.WasDoneAsync(key, "auto-role", CancellationToken.None));
        // Anything else still asks Redis, and still finds it down: the outage is not hidden.
        await Assert.ThrowsAsync<StateUnavailableException>(() => log.WasDoneAsync(key, "welcome", CancellationToken.None));
    }
}
