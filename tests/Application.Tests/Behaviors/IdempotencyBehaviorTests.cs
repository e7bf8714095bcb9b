using Arrakis.Application.Tests.Features;
using Arrakis.Application.Abstractions.Discord;
using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Application.Abstractions.State;
using Arrakis.Application.Behaviors;
using Arrakis.Application.Members;
using Arrakis.Domain.Discord;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Arrakis.Application.Tests.Behaviors;

public sealed class IdempotencyBehaviorTests
{
    [Fact]
    public async Task Event_DeliveredTwice_RunsOnce_AndTheDuplicateIsAcknowledged()
    {
        await using var harness = new PipelineHarness();
        var runs = 0;

        var first = await harness.SendAsync(new TestEvent("e-1"), (_, _) => { runs++; return ValueTask.FromResult(Result.Success); });
        var second = await harness.SendAsync(new TestEvent("e-1"), (_, _) => { runs++; return ValueTask.FromResult(Result.Success); });

        Assert.True(first.IsSuccess);
        Assert.True(second.IsSuccess);
        Assert.Equal(1, runs);
        Assert.Equal("done", harness.Idempotency.StateOf("event:e-1"));
    }

    [Fact]
    public async Task Event_InProgressElsewhere_IsRetriedLaterWithoutRunning()
    {
        await using var harness = new PipelineHarness();
        harness.Idempotency.MarkInProgress("event:e-2");

        var result = await harness.SendAsync(new TestEvent("e-2"));

        Assert.Equal(ResultKind.TransientFailure, result.Kind);
        Assert.Equal("in-progress", result.Error!.Code);
        Assert.DoesNotContain("handler", harness.Journal.Entries);
    }

    [Fact]
    public async Task FailedRun_ReleasesItsClaim_SoTheRetryRuns()
    {
        await using var harness = new PipelineHarness();
        var runs = 0;

        var first = await harness.SendAsync(new TestEvent("e-3"), (_, _) => { runs++; return ValueTask.FromResult(Result.Transient("discord-unavailable", "503")); });
        var retry = await harness.SendAsync(new TestEvent("e-3"), (_, _) => { runs++; return ValueTask.FromResult(Result.Success); });

        Assert.Equal(ResultKind.TransientFailure, first.Kind);
        Assert.True(retry.IsSuccess);
        Assert.Equal(2, runs);
        Assert.Equal("done", harness.Idempotency.StateOf("event:e-3"));
    }

    [Fact]
    public async Task ThrowingRun_ReleasesItsClaim_AndTheExceptionPropagates()
    {
        await using var harness = new PipelineHarness();

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            harness.SendAsync(new TestEvent("e-4"), (_, _) => throw new InvalidOperationException("boom")));

        Assert.Null(harness.Idempotency.StateOf("event:e-4"));
        Assert.Contains("release", harness.Journal.Entries);
    }

    [Fact]
    public async Task StoreUnavailable_Event_IsRetriedLaterWithoutRunning()
    {
        await using var harness = new PipelineHarness();
        harness.Idempotency.Unavailable = true;

        var result = await harness.SendAsync(new TestEvent("e-5"));

        Assert.Equal(ResultKind.TransientFailure, result.Kind);
        Assert.Equal("state-unavailable", result.Error!.Code);
        Assert.DoesNotContain("handler", harness.Journal.Entries);
    }

    [Fact]
    public async Task StoreUnavailable_Interaction_IsToldItIsTemporarilyUnavailable()
    {
        await using var harness = new PipelineHarness();
        harness.Idempotency.Unavailable = true;
        harness.ResponseLog.Unavailable = true;
        var command = new TestInteraction(Inputs.Interaction(PipelineHarness.Now), InteractionAcknowledgement.DeferReply);

        var result = await harness.SendAsync(command);

        Assert.Equal(ResultKind.TransientFailure, result.Kind);
        Assert.DoesNotContain("handler", harness.Journal.Entries);
        var reply = Assert.IsType<InteractionResponse.Reply>(harness.Discord.Calls.Single().Body);
        Assert.True(reply.Message.Ephemeral);
        Assert.Equal(InteractionAnswers.TemporarilyUnavailable, reply.Message.Content);
    }

    [Fact]
    public async Task HandlerLosesTheStore_Event_IsRetriedLater_AndItsClaimReleased()
    {
        await using var harness = new PipelineHarness();

        var result = await harness.SendAsync(new TestEvent("e-6"), (_, _) => throw new StateUnavailableException());

        Assert.Equal(ResultKind.TransientFailure, result.Kind);
        Assert.Equal("state-unavailable", result.Error!.Code);
        Assert.Null(harness.Idempotency.StateOf("event:e-6"));
    }

    [Fact]
    public async Task MemberJoin_DispatchedTwiceThroughTheRealMediator_IsHandledOnce()
    {
        // The handler's join line, the witness of each run, is at Debug (ADR 0042).
        await using var services = new ServiceCollection().AddFakeLogging().AddLogging(l => l.SetMinimumLevel(LogLevel.Debug)).AddApplication().AddFeaturePortFakes()
            .AddSingleton<IIdempotencyStore>(new FakeIdempotencyStore(new Journal())).BuildServiceProvider();
        var input = new GuildEventInput("e-7", "member.join", DateTimeOffset.UnixEpoch, 0, new Snowflake(1098765432109876543), null,
            new Snowflake(287654321098765432), Payload.Empty);

        for (var delivery = 1; delivery <= 2; delivery++)
        {
            await using var scope = services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<IMessageDispatcher>().DispatchAsync(input with { Attempt = delivery }, CancellationToken.None);
            Assert.True(result.IsSuccess, result.ToString());
        }

        Assert.Single(services.GetFakeLogCollector().GetSnapshot(), r => r.Category == typeof(MemberJoinedHandler).FullName);
    }
}
