using Arrakis.Application.Tests.Features;
using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Application.Members;
using Arrakis.Application.Routing;
using Arrakis.Domain.Discord;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Arrakis.Application.Tests.Routing;

public sealed class MessageDispatcherTests
{
    private static GuildEventInput MemberJoin(string eventType = "member.join", Snowflake? user = null) => new(
        "e-1", eventType, DateTimeOffset.UnixEpoch, 0, new Snowflake(1098765432109876543), null,
        user ?? new Snowflake(287654321098765432),
        new Payload(new Dictionary<string, object?> { ["displayName"] = "Sandworm Rider" }));

    // The handler's join line, the witness of its run, is at Debug (ADR 0042).
    private static ServiceProvider Services() =>
        new ServiceCollection().AddFakeLogging().AddLogging(l => l.SetMinimumLevel(LogLevel.Debug)).AddApplication().AddFeaturePortFakes().BuildServiceProvider();

    [Fact]
    public async Task DispatchAsync_MemberJoin_ReachesItsHandlerThroughTheMediator()
    {
        await using var services = Services();
        await using var scope = services.CreateAsyncScope();

        var result = await scope.ServiceProvider.GetRequiredService<IMessageDispatcher>().DispatchAsync(MemberJoin(), CancellationToken.None);

        Assert.True(result.IsSuccess, result.ToString());
        var log = services.GetFakeLogCollector().GetSnapshot().Single(r => r.Category == typeof(MemberJoinedHandler).FullName);
        Assert.Contains("287654321098765432", log.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DispatchAsync_AnEventTypeNoCommandDeclares_IsAPermanentFailure()
    {
        await using var services = Services();
        await using var scope = services.CreateAsyncScope();

        var result = await scope.ServiceProvider.GetRequiredService<IMessageDispatcher>().DispatchAsync(MemberJoin("member.teleport"), CancellationToken.None);

        Assert.Equal(ResultKind.PermanentFailure, result.Kind);
        Assert.Equal("unroutable", result.Error!.Code);
    }

    [Fact]
    public void RouteTable_TwoRoutesForOneEventType_StopStartUp()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new RouteTable([new MemberJoinedRoute(), new MemberJoinedRoute()], []));
        Assert.Contains("member.join", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RouteTable_ComponentRoutes_MatchTheLongestCustomIdPrefix()
    {
        var table = new RouteTable([], [new ComponentRoute("verify:"), new ComponentRoute("verify:retry:")]);
        var input = Interaction("verify:retry:abc");

        Assert.Equal("verify:retry:", table.Find(input)!.Key);
        Assert.Equal("verify:", table.Find(Interaction("verify:open"))!.Key);
        Assert.Null(table.Find(Interaction("settings:chain")));
    }

    private static InteractionInput Interaction(string customId) => new(
        "e", "interaction.button", DateTimeOffset.UnixEpoch, 0, new Snowflake(1), null, new Snowflake(2), new Snowflake(3),
        new InteractionToken("t"), InteractionKind.Component, null, customId, Payload.Empty,
        new Dictionary<string, string>(), [], new HashSet<string>(), null);

    private sealed record Noop : ICommand<Result>;

    private sealed class ComponentRoute(string prefix) : InteractionRoute<Noop>
    {
        public override InteractionKind Kind => InteractionKind.Component;

        public override string Key => prefix;

        public override Noop Bind(InteractionInput input) => new();
    }
}
