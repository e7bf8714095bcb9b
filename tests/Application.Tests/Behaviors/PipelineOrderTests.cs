using Arrakis.Application.Abstractions.Discord;
using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Application.Abstractions.State;
using Arrakis.Application.Behaviors;

namespace Arrakis.Application.Tests.Behaviors;

public sealed class PipelineOrderTests
{
    [Fact]
    public async Task BehaviorOrder_IsTelemetryValidationIdempotencyRateLimitCooldownAcknowledgement()
    {
        await using var harness = new PipelineHarness();

        Assert.Equal(
            [typeof(TelemetryBehavior<,>), typeof(ValidationBehavior<,>), typeof(IdempotencyBehavior<,>), typeof(RateLimitBehavior<,>), typeof(CooldownBehavior<,>), typeof(AcknowledgementBehavior<,>)],
            harness.BehaviorOrder());
    }

    [Fact]
    public async Task Interaction_AllowedByEveryBehavior_IsClaimedLimitedCooledDeferredRunAndCompletedInThatOrder()
    {
        await using var harness = new PipelineHarness();
        var command = new TestInteraction(Inputs.Interaction(PipelineHarness.Now), InteractionAcknowledgement.DeferReply);

        var result = await harness.SendAsync(command);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(
            ["claim", "rate-limit", "cooldown", "discord:respond:DeferredReply", "mark-answered", "handler", "complete"],
            harness.Journal.Entries);
    }

    [Fact]
    public async Task InvalidInteraction_IsAnsweredBeforeAnyStateIsTouched()
    {
        await using var harness = new PipelineHarness();
        var command = new TestInteraction(Inputs.Interaction(PipelineHarness.Now), InteractionAcknowledgement.DeferReply, Text: "");

        await harness.SendAsync(command);

        Assert.Equal(["discord:respond:Reply", "mark-answered"], harness.Journal.Entries);
    }

    [Fact]
    public async Task DuplicateInteraction_IsNeitherCountedNorCooledNorDeferred()
    {
        await using var harness = new PipelineHarness();
        var command = new TestInteraction(Inputs.Interaction(PipelineHarness.Now), InteractionAcknowledgement.DeferReply);
        harness.Idempotency.MarkDone(command.IdempotencyKey);

        var result = await harness.SendAsync(command);

        Assert.True(result.IsSuccess);
        Assert.Equal(["claim"], harness.Journal.Entries);
    }

    [Fact]
    public async Task RateLimitedInteraction_StartsNoCooldown_AndIsAnsweredInsteadOfDeferred()
    {
        await using var harness = new PipelineHarness();
        harness.RateLimiter.Decision = new RateLimitDecision(false, 5, TimeSpan.FromMilliseconds(11_200));
        var command = new TestInteraction(Inputs.Interaction(PipelineHarness.Now), InteractionAcknowledgement.DeferReply);

        var result = await harness.SendAsync(command);

        Assert.True(result.IsSuccess);
        Assert.Equal(["claim", "rate-limit", "discord:respond:Reply", "mark-answered", "complete"], harness.Journal.Entries);
        var reply = Assert.IsType<InteractionResponse.Reply>(harness.Discord.Calls.Single().Body);
        Assert.True(reply.Message.Ephemeral);
        Assert.Contains("12 s", reply.Message.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InteractionOnCooldown_IsAnsweredInsteadOfDeferred()
    {
        await using var harness = new PipelineHarness();
        harness.Cooldowns.Decision = new CooldownDecision(false, TimeSpan.FromSeconds(7));
        var command = new TestInteraction(Inputs.Interaction(PipelineHarness.Now), InteractionAcknowledgement.DeferEphemeralReply);

        await harness.SendAsync(command);

        Assert.Equal(["claim", "rate-limit", "cooldown", "discord:respond:Reply", "mark-answered", "complete"], harness.Journal.Entries);
        var reply = Assert.IsType<InteractionResponse.Reply>(harness.Discord.Calls.Single().Body);
        Assert.True(reply.Message.Ephemeral);
        Assert.Contains("7 s", reply.Message.Content, StringComparison.Ordinal);
    }
}
