using System.Text.Json.Nodes;
using Arrakis.Application.Abstractions.Discord;
using Arrakis.Testing;

namespace Arrakis.DiscordSimulator.Tests;

/// <summary>Checklist 19-22: callbacks of every type, their 3 s window, 10062/40060, and the webhook-token routes.</summary>
public sealed class InteractionResponseTests(IsolatedRedis redis) : IClassFixture<IsolatedRedis>
{
    private static JsonNode Body(SimulatorRequest request) => JsonNode.Parse(request.Body)!;

    [Fact]
    public async Task DeferredReply_Ephemeral_SendsType5WithFlag64_ThenEditsOriginal()
    {
        await using var scenario = await Scenario.StartAsync(redis);
        var interaction = Scenario.Interaction();

        var deferred = await scenario.Client.Interactions.RespondAsync(interaction, new InteractionResponse.DeferredReply(Ephemeral: true), CancellationToken.None);
        var edited = await scenario.Client.Interactions.EditOriginalAsync(interaction, new MessageContent("Done: <@123>"), CancellationToken.None);

        Assert.True(deferred.IsSuccess, deferred.Error?.Message);
        Assert.True(edited.IsSuccess, edited.Error?.Message);
        var callback = Assert.Single(scenario.Requests(SimulatedRoutes.Callback));
        Assert.Equal(5, Body(callback)["type"]!.GetValue<int>());
        Assert.Equal(64, Body(callback)["data"]!["flags"]!.GetValue<int>());
        var edit = Assert.Single(scenario.Requests(SimulatedRoutes.EditOriginal));
        Assert.Equal("Done: <@123>", Body(edit)["content"]!.GetValue<string>());
        Assert.Empty(Body(edit)["allowed_mentions"]!["parse"]!.AsArray());
        Assert.Equal(0, scenario.Simulator.Statistics.Violations);
    }

    [Fact]
    public async Task DeferredUpdate_SendsType6WithoutData_ThenEditsOriginal()
    {
        await using var scenario = await Scenario.StartAsync(redis);
        var interaction = Scenario.Interaction();

        var deferred = await scenario.Client.Interactions.RespondAsync(interaction, new InteractionResponse.DeferredUpdate(), CancellationToken.None);
        var edited = await scenario.Client.Interactions.EditOriginalAsync(interaction, new MessageContent("Updated", Buttons: [new MessageButton("verify:go", "Go")]), CancellationToken.None);

        Assert.True(deferred.IsSuccess && edited.IsSuccess);
        var callback = Body(Assert.Single(scenario.Requests(SimulatedRoutes.Callback)));
        Assert.Equal(6, callback["type"]!.GetValue<int>());
        Assert.Null(callback["data"]);
        var button = Body(Assert.Single(scenario.Requests(SimulatedRoutes.EditOriginal)))["components"]![0]!["components"]![0]!;
        Assert.Equal("verify:go", button["custom_id"]!.GetValue<string>());
        Assert.Equal(0, scenario.Simulator.Statistics.Violations);
    }

    [Fact]
    public async Task EveryOtherResponseType_IsAcceptedByDiscordsSchema()
    {
        await using var scenario = await Scenario.StartAsync(redis);
        InteractionResponse[] responses =
        [
            new InteractionResponse.Reply(new MessageContent("Hello", Ephemeral: true)),
            new InteractionResponse.UpdateMessage(new MessageContent("Edited", Buttons: [new MessageButton("a:1", "One", ButtonStyle.Success)])),
            new InteractionResponse.AutocompleteResult([new AutocompleteChoice("Arrakis", "arrakis"), new AutocompleteChoice("Caladan", "caladan")]),
            new InteractionResponse.OpenModal(new Modal("wallet:submit", "Your wallet", [new ModalTextInput("address", "Address", MaxLength: 64, Placeholder: "0x…")])),
        ];

        foreach (var response in responses)
        {
            var result = await scenario.Client.Interactions.RespondAsync(Scenario.Interaction(), response, CancellationToken.None);
            Assert.True(result.IsSuccess, result.Error?.Message);
        }

        var bodies = scenario.Requests(SimulatedRoutes.Callback).Select(Body).ToList();
        Assert.Equal([4, 7, 8, 9], bodies.Select(b => b["type"]!.GetValue<int>()));
        Assert.Equal(64, bodies[0]["data"]!["flags"]!.GetValue<int>());
        Assert.Equal("caladan", bodies[2]["data"]!["choices"]![1]!["value"]!.GetValue<string>());
        Assert.Equal("address", bodies[3]["data"]!["components"]![0]!["components"]![0]!["custom_id"]!.GetValue<string>());
        Assert.Equal(0, scenario.Simulator.Statistics.Violations);
    }

    [Fact]
    public async Task FollowUp_AndDeleteOriginal_UseTheWebhookRoutes()
    {
        await using var scenario = await Scenario.StartAsync(redis);
        var interaction = Scenario.Interaction();

        var followUp = await scenario.Client.Interactions.FollowUpAsync(interaction, new MessageContent("Psst", Ephemeral: true), CancellationToken.None);
        var deleted = await scenario.Client.Interactions.DeleteOriginalAsync(interaction, CancellationToken.None);

        Assert.True(followUp.IsSuccess && deleted.IsSuccess);
        var sent = Assert.Single(scenario.Requests(SimulatedRoutes.FollowUp));
        Assert.Equal(64, Body(sent)["flags"]!.GetValue<int>());
        Assert.Equal(DiscordClientHarness.ApplicationId, sent.Values["webhook_id"]);
        Assert.Single(scenario.Requests(SimulatedRoutes.DeleteOriginal));
    }

    [Fact]
    public async Task Callback_AnsweredUnknownInteraction_IsPermanentAndNotRetried()
    {
        // The simulator's window is shorter than the client's, so Discord says 10062 although the client sent in time.
        await using var scenario = await Scenario.StartAsync(redis, simulator: o => o.CallbackDeadline = TimeSpan.FromMilliseconds(-1));

        var result = await scenario.Client.Interactions.RespondAsync(Scenario.Interaction(), new InteractionResponse.DeferredReply(false), CancellationToken.None);

        Assert.Equal(DiscordFailure.UnknownInteraction, result.Error?.Kind);
        Assert.Equal(DiscordError.UnknownInteraction, result.Error?.Code);
        Assert.False(result.Error?.IsTransient);
        Assert.Single(scenario.Requests(SimulatedRoutes.Callback));
        Assert.Equal(1, scenario.Simulator.Statistics.LateCallbacks);
    }

    [Fact]
    public async Task Callback_PastItsWindow_IsNotSentAtAll()
    {
        await using var scenario = await Scenario.StartAsync(redis);

        var result = await scenario.Client.Interactions.RespondAsync(Scenario.Interaction(DateTimeOffset.UtcNow.AddSeconds(-4)), new InteractionResponse.DeferredUpdate(), CancellationToken.None);

        Assert.Equal(DiscordFailure.UnknownInteraction, result.Error?.Kind);
        Assert.Empty(scenario.Simulator.Requests);
    }

    [Fact]
    public async Task SecondCallback_IsAlreadyAcknowledged_AndTheOriginalCanStillBeEdited()
    {
        await using var scenario = await Scenario.StartAsync(redis);
        var interaction = Scenario.Interaction();

        var first = await scenario.Client.Interactions.RespondAsync(interaction, new InteractionResponse.DeferredReply(false), CancellationToken.None);
        var second = await scenario.Client.Interactions.RespondAsync(interaction, new InteractionResponse.DeferredReply(false), CancellationToken.None);
        var edit = await scenario.Client.Interactions.EditOriginalAsync(interaction, new MessageContent("Answer"), CancellationToken.None);

        Assert.True(first.IsSuccess);
        Assert.Equal(DiscordFailure.AlreadyAcknowledged, second.Error?.Kind);
        Assert.False(second.Error?.IsTransient);
        Assert.True(edit.IsSuccess);
        Assert.Equal(1, scenario.Simulator.Statistics.DuplicateCallbacks);
        Assert.Equal(2, scenario.Requests(SimulatedRoutes.Callback).Count);
    }

    [Fact]
    public async Task Callback_WhoseAnswerIsLate_IsAbandonedAtTheDeadline_AndNotResent()
    {
        await using var scenario = await Scenario.StartAsync(redis);
        scenario.Simulator.Inject(new SimulatorFault { Matches = r => r.Route == SimulatedRoutes.Callback, Delay = TimeSpan.FromSeconds(4) });
        // Created 2 s ago: one second of the 3 s window is left.
        var interaction = Scenario.Interaction(DateTimeOffset.UtcNow.AddSeconds(-2));

        var result = await scenario.Client.Interactions.RespondAsync(interaction, new InteractionResponse.DeferredReply(false), CancellationToken.None);

        Assert.Equal(DiscordFailure.Timeout, result.Error?.Kind);
        Assert.False(result.Error?.IsTransient);
        Assert.Single(scenario.Requests(SimulatedRoutes.Callback));
    }

    [Fact]
    public async Task Callback_RateLimitedInsideItsWindow_IsRetriedOnce()
    {
        await using var scenario = await Scenario.StartAsync(redis);
        scenario.Simulator.Inject(new SimulatorFault
        {
            Matches = r => r.Route == SimulatedRoutes.Callback,
            Status = 429,
            Body = """{"message":"You are being rate limited.","retry_after":0.2,"global":false}""",
            Headers = { ["X-RateLimit-Scope"] = "user", ["Retry-After"] = "1" },
            Times = 5,
        });

        var result = await scenario.Client.Interactions.RespondAsync(Scenario.Interaction(), new InteractionResponse.DeferredReply(false), CancellationToken.None);

        Assert.Equal(DiscordFailure.RateLimited, result.Error?.Kind);
        Assert.Equal(2, scenario.Requests(SimulatedRoutes.Callback).Count);
    }

    [Fact]
    public async Task InteractionRoutes_CarryNoAuthorization_BotRoutesDo_AndAllSendTheUserAgentToV10()
    {
        await using var scenario = await Scenario.StartAsync(redis);
        var interaction = Scenario.Interaction();

        await scenario.Client.Interactions.RespondAsync(interaction, new InteractionResponse.DeferredReply(false), CancellationToken.None);
        await scenario.Client.Interactions.EditOriginalAsync(interaction, new MessageContent("x"), CancellationToken.None);
        await scenario.Client.Interactions.FollowUpAsync(interaction, new MessageContent("y"), CancellationToken.None);
        await scenario.Client.Guilds.AddRoleAsync(Scenario.Id(1), Scenario.Id(2), Scenario.Id(3), "test", CancellationToken.None);
        await scenario.Client.Guilds.GetMemberAsync(Scenario.Id(1), Scenario.Id(2), CancellationToken.None);

        var requests = scenario.Simulator.Requests;
        Assert.True(requests.Count == 5, string.Join("; ", requests.Select(r => $"{r.Method} {r.Route} {r.Status} {r.Violation}")));
        Assert.All(requests.Where(r => SimulatedRoutes.IsInteractionRoute(r.Route)), r => Assert.False(r.HasAuthorization));
        Assert.All(requests.Where(r => !SimulatedRoutes.IsInteractionRoute(r.Route)), r => Assert.True(r.HasAuthorization));
        Assert.All(requests, r => Assert.StartsWith("DiscordBot (", r.UserAgent, StringComparison.Ordinal));
        Assert.All(requests, r => Assert.True(r.Status is >= 200 and < 300, $"{r.Route}: {r.Status} {r.Violation}"));
        Assert.Equal(0, scenario.Simulator.Statistics.AuthorizationOnInteractionRoutes);
    }

    [Fact]
    public async Task Content_LongerThan2000_IsRejectedWithoutARequest()
    {
        await using var scenario = await Scenario.StartAsync(redis);
        var tooLong = new MessageContent(new string('a', 2001));

        var reply = await scenario.Client.Interactions.RespondAsync(Scenario.Interaction(), new InteractionResponse.Reply(tooLong), CancellationToken.None);
        var followUp = await scenario.Client.Interactions.FollowUpAsync(Scenario.Interaction(), tooLong, CancellationToken.None);
        var dm = await scenario.Client.DirectMessages.SendAsync(Scenario.Id(42), tooLong, "test-send-3", CancellationToken.None);

        Assert.All([reply, followUp, dm], r => Assert.Equal(DiscordFailure.BadRequest, r.Error?.Kind));
        Assert.Empty(scenario.Simulator.Requests);
    }

    [Fact]
    public async Task ExpiredToken_OnOriginal_IsTyped_AndBotRequestsGoOn()
    {
        await using var scenario = await Scenario.StartAsync(redis);
        scenario.Simulator.Inject(SimulatorFault.Route(SimulatedRoutes.EditOriginal, 401, SimulatorFault.ErrorBody(50027, "Invalid Webhook Token")));

        var edit = await scenario.Client.Interactions.EditOriginalAsync(Scenario.Interaction(), new MessageContent("late"), CancellationToken.None);
        var role = await scenario.Client.Guilds.AddRoleAsync(Scenario.Id(1), Scenario.Id(2), Scenario.Id(3), "still fine", CancellationToken.None);

        Assert.Equal(DiscordFailure.InteractionTokenExpired, edit.Error?.Kind);
        Assert.True(role.IsSuccess, role.Error?.Message);
    }
}
