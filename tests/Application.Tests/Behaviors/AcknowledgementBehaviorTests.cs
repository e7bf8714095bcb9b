using Arrakis.Application.Abstractions.Discord;
using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Application.Abstractions.State;
using Arrakis.Application.Behaviors;

namespace Arrakis.Application.Tests.Behaviors;

public sealed class AcknowledgementBehaviorTests
{
    private static TestInteraction Command(InteractionAcknowledgement acknowledgement, int attempt = 1, InteractionKind kind = InteractionKind.Command) =>
        new(Inputs.Interaction(PipelineHarness.Now.AddMilliseconds(-300), attempt, kind), acknowledgement);

    [Theory]
    [InlineData(InteractionAcknowledgement.DeferReply, false)]
    [InlineData(InteractionAcknowledgement.DeferEphemeralReply, true)]
    public async Task DeferringCommand_IsDeferredBeforeItsHandlerRuns(InteractionAcknowledgement acknowledgement, bool ephemeral)
    {
        await using var harness = new PipelineHarness();
        var command = Command(acknowledgement);

        var result = await harness.SendAsync(command);

        Assert.True(result.IsSuccess);
        var deferral = Assert.IsType<InteractionResponse.DeferredReply>(harness.Discord.Calls.Single().Body);
        Assert.Equal(ephemeral, deferral.Ephemeral);
        var entries = harness.Journal.Entries;
        Assert.True(entries.ToList().IndexOf("discord:respond:DeferredReply") < entries.ToList().IndexOf("handler"));
        Assert.True(await harness.ResponseLog.WasAnsweredAsync(command.Interaction.InteractionId, CancellationToken.None));
    }

    [Fact]
    public async Task ComponentThatDefersAnUpdate_GetsADeferredUpdate()
    {
        await using var harness = new PipelineHarness();

        await harness.SendAsync(Command(InteractionAcknowledgement.DeferUpdate, kind: InteractionKind.Component));

        Assert.IsType<InteractionResponse.DeferredUpdate>(harness.Discord.Calls.Single().Body);
    }

    [Fact]
    public async Task CommandThatAnswersDirectly_IsNotDeferred()
    {
        await using var harness = new PipelineHarness();

        var result = await harness.SendAsync(Command(InteractionAcknowledgement.None, kind: InteractionKind.Autocomplete));

        Assert.True(result.IsSuccess);
        Assert.Empty(harness.Discord.Calls);
        Assert.Contains("handler", harness.Journal.Entries);
    }

    [Fact]
    public async Task RetriedDelivery_OfAnAnsweredInteraction_IsNotDeferredAgain_AndItsHandlerRuns()
    {
        await using var harness = new PipelineHarness();
        var command = Command(InteractionAcknowledgement.DeferReply, attempt: 2);
        await harness.ResponseLog.MarkAnsweredAsync(command.Interaction.InteractionId, CancellationToken.None);

        var result = await harness.SendAsync(command);

        Assert.True(result.IsSuccess);
        Assert.Empty(harness.Discord.Calls);
        Assert.Contains("handler", harness.Journal.Entries);
    }

    [Fact]
    public async Task RetriedDelivery_WhenTheLogIsUnavailable_TakesDiscordsAlreadyAcknowledgedAsAnswered()
    {
        await using var harness = new PipelineHarness();
        harness.ResponseLog.Unavailable = true;
        harness.Discord.RespondResult = DiscordResult.Failed(new DiscordError(400, DiscordError.InteractionAlreadyAcknowledged, "already acknowledged", false));

        var result = await harness.SendAsync(Command(InteractionAcknowledgement.DeferReply, attempt: 2));

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Contains("handler", harness.Journal.Entries);
    }

    [Fact]
    public async Task FirstDelivery_PastTheDeferDeadline_IsNotDeferredNorRun()
    {
        await using var harness = new PipelineHarness();
        var command = new TestInteraction(Inputs.Interaction(PipelineHarness.Now.AddMilliseconds(-2600)), InteractionAcknowledgement.DeferReply);

        var result = await harness.SendAsync(command);

        Assert.True(result.IsSuccess);
        Assert.Empty(harness.Discord.Calls);
        Assert.DoesNotContain("handler", harness.Journal.Entries);
    }

    [Fact]
    public async Task BrokerRedeliveryPastTheDeadline_OfAnInteractionDeferredEarlier_RunsItsHandlerWithoutDeferringAgain()
    {
        // A worker deferred, then lost its channel (or died) before settling: the broker redelivers the original,
        // which still says attempt 1. Found end to end when the broker restarted under a retried verification.
        await using var harness = new PipelineHarness();
        var command = new TestInteraction(Inputs.Interaction(PipelineHarness.Now.AddSeconds(-20), attempt: 1), InteractionAcknowledgement.DeferReply);
        await harness.ResponseLog.MarkAnsweredAsync(command.Interaction.InteractionId, CancellationToken.None);

        var result = await harness.SendAsync(command);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Empty(harness.Discord.Calls);
        Assert.Contains("handler", harness.Journal.Entries);
    }

    [Fact]
    public async Task RetryPastTheDeadline_WithNoRecordOfAnAnswer_IsNotRun_ButReplacesAnyThinkingLeftBehind()
    {
        await using var harness = new PipelineHarness();
        var command = new TestInteraction(Inputs.Interaction(PipelineHarness.Now.AddSeconds(-40), attempt: 2), InteractionAcknowledgement.DeferReply);

        var result = await harness.SendAsync(command);

        Assert.True(result.IsSuccess);
        Assert.DoesNotContain("handler", harness.Journal.Entries);
        var call = Assert.Single(harness.Discord.Calls);
        Assert.Equal("edit-original", call.Call);
        Assert.Equal(InteractionAnswers.GenericError, ((MessageContent)call.Body!).Content);
    }

    [Fact]
    public async Task HandlerFailsAfterTheDeferral_TheUserSeesAnErrorInPlaceOfThinking()
    {
        await using var harness = new PipelineHarness();

        var result = await harness.SendAsync(Command(InteractionAcknowledgement.DeferReply), Result.Permanent("refused", "no"));

        Assert.Equal(ResultKind.PermanentFailure, result.Kind);
        var edit = harness.Discord.Calls[^1];
        Assert.Equal("edit-original", edit.Call);
        Assert.Equal(InteractionAnswers.GenericError, ((MessageContent)edit.Body!).Content);
    }

    [Fact]
    public async Task HandlerThrowsAfterTheDeferral_TheUserSeesAnError_AndTheExceptionPropagates()
    {
        await using var harness = new PipelineHarness();

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            harness.SendAsync(Command(InteractionAcknowledgement.DeferEphemeralReply), (_, _) => throw new InvalidOperationException("boom")));

        Assert.Equal("edit-original", harness.Discord.Calls[^1].Call);
    }

    [Fact]
    public async Task HandlerLosesTheStoreAfterTheDeferral_TheUserIsToldItIsTemporarilyUnavailable()
    {
        await using var harness = new PipelineHarness();

        var result = await harness.SendAsync(Command(InteractionAcknowledgement.DeferReply), (_, _) => throw new StateUnavailableException());

        Assert.Equal(ResultKind.TransientFailure, result.Kind);
        Assert.Equal(InteractionAnswers.TemporarilyUnavailable, ((MessageContent)harness.Discord.Calls[^1].Body!).Content);
    }

    [Fact]
    public async Task ComponentUpdateFails_TheErrorIsAnEphemeralFollowUp_NotAnEditOfTheComponentsMessage()
    {
        await using var harness = new PipelineHarness();

        await harness.SendAsync(Command(InteractionAcknowledgement.DeferUpdate, kind: InteractionKind.Component), Result.Transient("x", "y"));

        var followUp = harness.Discord.Calls[^1];
        Assert.Equal("follow-up", followUp.Call);
        Assert.True(((MessageContent)followUp.Body!).Ephemeral);
    }

    [Fact]
    public async Task DirectAnswerCommandThrows_TheUserGetsAnEphemeralErrorReply()
    {
        await using var harness = new PipelineHarness();

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            harness.SendAsync(Command(InteractionAcknowledgement.None), (_, _) => throw new InvalidOperationException("boom")));

        var reply = Assert.IsType<InteractionResponse.Reply>(harness.Discord.Calls.Single().Body);
        Assert.True(reply.Message.Ephemeral);
    }

    [Fact]
    public async Task DeferralAnsweredUnknownInteraction_IsDroppedWithoutRunning()
    {
        await using var harness = new PipelineHarness();
        harness.Discord.RespondResult = DiscordResult.Failed(new DiscordError(404, DiscordError.UnknownInteraction, "Unknown interaction", false));

        var result = await harness.SendAsync(Command(InteractionAcknowledgement.DeferReply));

        Assert.True(result.IsSuccess);
        Assert.DoesNotContain("handler", harness.Journal.Entries);
    }

    [Fact]
    public async Task DeferralFailsTransiently_IsRetriedLaterWithoutRunning()
    {
        await using var harness = new PipelineHarness();
        harness.Discord.RespondResult = DiscordResult.Failed(new DiscordError(503, 0, "unavailable", true));

        var result = await harness.SendAsync(Command(InteractionAcknowledgement.DeferReply));

        Assert.Equal(ResultKind.TransientFailure, result.Kind);
        Assert.DoesNotContain("handler", harness.Journal.Entries);
    }
}
