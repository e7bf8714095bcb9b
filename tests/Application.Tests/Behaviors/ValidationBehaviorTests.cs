using Arrakis.Application.Tests.Features;
using Arrakis.Application.Abstractions.Discord;
using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Application.Abstractions.State;
using Arrakis.Domain.Discord;
using Microsoft.Extensions.DependencyInjection;

namespace Arrakis.Application.Tests.Behaviors;

public sealed class ValidationBehaviorTests
{
    [Fact]
    public async Task InvalidInteraction_GetsAnEphemeralMessageSayingWhatWasWrong_AndTheHandlerDoesNotRun()
    {
        await using var harness = new PipelineHarness();
        var command = new TestInteraction(Inputs.Interaction(PipelineHarness.Now), InteractionAcknowledgement.DeferReply, Text: "");

        var result = await harness.SendAsync(command);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.DoesNotContain("handler", harness.Journal.Entries);
        var reply = Assert.IsType<InteractionResponse.Reply>(harness.Discord.Calls.Single().Body);
        Assert.True(reply.Message.Ephemeral);
        Assert.Equal("Text must not be empty.", reply.Message.Content);
    }

    [Fact]
    public async Task InvalidEvent_IsAPermanentFailureNamingTheProblem()
    {
        await using var harness = new PipelineHarness();

        var result = await harness.SendAsync(new TestEvent("e-1", Text: ""));

        Assert.Equal(ResultKind.PermanentFailure, result.Kind);
        Assert.Equal("invalid", result.Error!.Code);
        Assert.Contains("Text must not be empty.", result.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("handler", harness.Journal.Entries);
    }

    [Fact]
    public async Task MemberJoinWithoutAUser_ThroughTheRealMediator_IsDeadLetteredAsInvalid()
    {
        await using var services = new ServiceCollection().AddFakeLogging().AddApplication().AddFeaturePortFakes()
            .AddSingleton<IIdempotencyStore>(new FakeIdempotencyStore(new Journal())).BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        var input = new GuildEventInput("e-9", "member.join", DateTimeOffset.UnixEpoch, 0, new Snowflake(1098765432109876543), null, null, Payload.Empty);

        var result = await scope.ServiceProvider.GetRequiredService<IMessageDispatcher>().DispatchAsync(input, CancellationToken.None);

        Assert.Equal(ResultKind.PermanentFailure, result.Kind);
        Assert.Equal("invalid", result.Error!.Code);
    }
}
