using Arrakis.Application.Abstractions.Discord;
using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Application.Abstractions.State;
using Arrakis.Domain.Discord;
using Arrakis.Infrastructure.Messaging;
using Arrakis.Infrastructure.Redis;
using Arrakis.Testing;
using StackExchange.Redis;

namespace Arrakis.EndToEnd.Tests.State;

/// <summary>
/// docs/adr/0030: without Redis nothing is deduplicated, so idempotent events are not run but retried (never
/// acknowledged unhandled), and the multiplexer reconnects by itself. These tests stop and restart a Redis of
/// their own, so they disturb nobody.
/// </summary>
public sealed class RedisUnavailableTests(PrivateRedis redis) : IClassFixture<PrivateRedis>
{
    private const string HandlerCategory = "Arrakis.Application.Members.MemberJoinedHandler";

    [Fact]
    public async Task WhileRedisIsDown_AnEventIsRetriedNotRun_AndOnceItIsBackTheRetryRunsItOnce()
    {
        await redis.StartIfStoppedAsync();
        // As the worker connects (abortConnect=false), with timeouts shorter than the 5 s defaults so the outage shows quickly.
        var options = ConfigurationOptions.Parse($"127.0.0.1:{redis.Port},abortConnect=false,asyncTimeout=1000,syncTimeout=1000,connectTimeout=1000");
        await using var multiplexer = await ConnectionMultiplexer.ConnectAsync(options);
        await using var services = new ServiceCollection()
            .AddFakeLogging()
            // The handler's join line, the witness of each run, is at Debug (ADR 0042).
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Debug))
            .AddApplication()
            .AddSingleton<IConnectionMultiplexer>(multiplexer)
            .AddSingleton(TimeProvider.System)
            .Configure<RedisOptions>(o => o.KeyPrefix = "test:" + Guid.NewGuid().ToString("N")[..12] + ":")
            .Configure<ProcessingOptions>(_ => { })
            .AddRedisState()
            .AddSingleton<IDiscordGuilds, NoDiscord>()
            .AddSingleton<IDiscordDirectMessages, NoDiscord>()
            .BuildServiceProvider();
        var input = new GuildEventInput(Guid.NewGuid().ToString(), "member.join", DateTimeOffset.UtcNow, 0,
            new Snowflake(1098765432109876543), null, new Snowflake(287654321098765432), Payload.Empty);

        await redis.StopAsync();
        var duringOutage = await DispatchAsync(services, input with { Attempt = 1 });
        await Assert.ThrowsAsync<StateUnavailableException>(() =>
            services.GetRequiredService<IIdempotencyStore>().TryClaimAsync("event:probe", CancellationToken.None));

        await redis.StartAsync();
        Assert.True(await Eventually.TrueAsync(() => multiplexer.IsConnected, TimeSpan.FromSeconds(30)), "The multiplexer did not reconnect by itself.");
        var retry = await DispatchAsync(services, input with { Attempt = 2 });
        var redelivery = await DispatchAsync(services, input with { Attempt = 3 });

        Assert.Equal(ResultKind.TransientFailure, duringOutage.Kind);
        Assert.Equal("state-unavailable", duringOutage.Error!.Code);
        Assert.True(retry.IsSuccess, retry.ToString());
        Assert.True(redelivery.IsSuccess, redelivery.ToString());
        Assert.Single(services.GetFakeLogCollector().GetSnapshot(), r => r.Category == HandlerCategory);
    }

    private static async Task<Result> DispatchAsync(IServiceProvider services, GuildEventInput input)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMessageDispatcher>().DispatchAsync(input, CancellationToken.None);
    }

    /// <summary>The handler's Discord ports; nothing is set up for the guild, so they are never called.</summary>
    private sealed class NoDiscord : IDiscordGuilds, IDiscordDirectMessages
    {
        public Task<DiscordResult> AddRoleAsync(Snowflake guildId, Snowflake userId, Snowflake roleId, string auditLogReason, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("Not expected.");

        public Task<DiscordResult> RemoveRoleAsync(Snowflake guildId, Snowflake userId, Snowflake roleId, string auditLogReason, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("Not expected.");

        public Task<DiscordResult<GuildMember>> GetMemberAsync(Snowflake guildId, Snowflake userId, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("Not expected.");

        public Task<DiscordResult> SendAsync(Snowflake userId, MessageContent message, string sendOnceKey, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("Not expected.");
    }
}
