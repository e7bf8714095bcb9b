using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Application.Abstractions.State;

namespace Arrakis.Application.Tests.Behaviors;

public sealed class LimitBehaviorTests
{
    [Fact]
    public async Task EventOverItsRateLimit_IsRetriedLaterWithoutRunning()
    {
        await using var harness = new PipelineHarness();
        harness.RateLimiter.Decision = new RateLimitDecision(false, 5, TimeSpan.FromSeconds(3));

        var result = await harness.SendAsync(new TestEvent("e-1"));

        Assert.Equal(ResultKind.TransientFailure, result.Kind);
        Assert.Equal("rate-limited", result.Error!.Code);
        Assert.DoesNotContain("handler", harness.Journal.Entries);
        Assert.Null(harness.Idempotency.StateOf("event:e-1"));
    }

    [Fact]
    public async Task EventOnCooldown_IsRetriedLaterWithoutRunning()
    {
        await using var harness = new PipelineHarness();
        harness.Cooldowns.Decision = new CooldownDecision(false, TimeSpan.FromSeconds(3));

        var result = await harness.SendAsync(new TestEvent("e-2"));

        Assert.Equal(ResultKind.TransientFailure, result.Kind);
        Assert.Equal("cooldown", result.Error!.Code);
        Assert.DoesNotContain("handler", harness.Journal.Entries);
    }

    [Fact]
    public async Task RateLimiterUnavailable_FailsOpen()
    {
        await using var harness = new PipelineHarness();
        harness.RateLimiter.Unavailable = true;

        var result = await harness.SendAsync(new TestEvent("e-3"));

        Assert.True(result.IsSuccess);
        Assert.Contains("handler", harness.Journal.Entries);
    }

    [Fact]
    public async Task CooldownStoreUnavailable_FailsOpen()
    {
        await using var harness = new PipelineHarness();
        harness.Cooldowns.Unavailable = true;
        var command = new TestInteraction(Inputs.Interaction(PipelineHarness.Now), InteractionAcknowledgement.DeferReply);

        var result = await harness.SendAsync(command);

        Assert.True(result.IsSuccess);
        Assert.Contains("handler", harness.Journal.Entries);
    }

    [Fact]
    public async Task RetriedInteractionOverItsLimit_IsToldInPlaceOfThinking_NotWithASecondInitialResponse()
    {
        await using var harness = new PipelineHarness();
        var input = Inputs.Interaction(PipelineHarness.Now, attempt: 2);
        await harness.ResponseLog.MarkAnsweredAsync(input.InteractionId, CancellationToken.None);
        harness.RateLimiter.Decision = new RateLimitDecision(false, 5, TimeSpan.FromSeconds(4));

        await harness.SendAsync(new TestInteraction(input, InteractionAcknowledgement.DeferReply));

        var call = Assert.Single(harness.Discord.Calls);
        Assert.Equal("edit-original", call.Call);
    }
}
