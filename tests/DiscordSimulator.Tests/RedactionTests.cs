using System.Collections.Concurrent;
using System.Diagnostics;
using Arrakis.Application.Abstractions.Discord;
using Arrakis.Testing;

namespace Arrakis.DiscordSimulator.Tests;

/// <summary>No bot token, interaction token or authorization header reaches a log line, an error message or a trace.</summary>
public sealed class RedactionTests(IsolatedRedis redis) : IClassFixture<IsolatedRedis>
{
    [Fact]
    public async Task Secrets_NeverAppearInLogsErrorsOrTraces()
    {
        var activities = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var scenario = await Scenario.StartAsync(redis);
        scenario.Simulator.Inject(SimulatorFault.Route(SimulatedRoutes.EditOriginal, 401, SimulatorFault.ErrorBody(50027, "Invalid Webhook Token")));
        scenario.Simulator.Inject(SimulatorFault.Route(SimulatedRoutes.FollowUp, 500));
        scenario.Simulator.Inject(new SimulatorFault { Matches = r => r.Route == SimulatedRoutes.DeleteOriginal, Status = 429, Headers = { ["Retry-After"] = "0.1", ["X-RateLimit-Scope"] = "user" } });
        var interaction = Scenario.Interaction();
        var late = Scenario.Interaction(DateTimeOffset.UtcNow.AddSeconds(-2.5));
        scenario.Simulator.Inject(new SimulatorFault { Matches = r => r.Values.GetValueOrDefault("interaction_id") == late.InteractionId.ToString(), Delay = TimeSpan.FromSeconds(2) });

        var results = new List<DiscordResult>
        {
            await scenario.Client.Interactions.RespondAsync(interaction, new InteractionResponse.DeferredReply(true), CancellationToken.None),
            await scenario.Client.Interactions.RespondAsync(interaction, new InteractionResponse.DeferredReply(true), CancellationToken.None),
            await scenario.Client.Interactions.EditOriginalAsync(interaction, new MessageContent("x"), CancellationToken.None),
            await scenario.Client.Interactions.FollowUpAsync(interaction, new MessageContent("y"), CancellationToken.None),
            await scenario.Client.Interactions.DeleteOriginalAsync(interaction, CancellationToken.None),
            await scenario.Client.Interactions.RespondAsync(late, new InteractionResponse.DeferredUpdate(), CancellationToken.None),
            await scenario.Client.Guilds.AddRoleAsync(Scenario.Id(1), Scenario.Id(2), Scenario.Id(3), "reason", CancellationToken.None),
            await scenario.Client.DirectMessages.SendAsync(Scenario.Id(5), new MessageContent("z"), "test-send-4", CancellationToken.None),
        };
        var other = DiscordClientHarness.Create(scenario.Simulator, scenario.Prefix + "other:", botToken: "another-bot-token-SECRET");
        await using (other)
        {
            results.Add(await other.Guilds.AddRoleAsync(Scenario.Id(1), Scenario.Id(2), Scenario.Id(3), "reason", CancellationToken.None));
            results.Add(await other.Guilds.AddRoleAsync(Scenario.Id(1), Scenario.Id(2), Scenario.Id(3), "reason", CancellationToken.None));
            AssertClean(other.Logs.GetSnapshot().Select(Describe));
        }

        Assert.Contains(results, r => !r.IsSuccess); // the failure paths ran
        Assert.Contains(scenario.Simulator.Requests, r => r.Path.Contains(interaction.Token.Reveal(), StringComparison.Ordinal)); // the token was really sent
        AssertClean(scenario.Client.Logs.GetSnapshot().Select(Describe));
        AssertClean(results.Where(r => r.Error is not null).Select(r => r.Error!.ToString()));
        AssertClean(activities.Select(a => a.DisplayName + " " + string.Join(" ", a.TagObjects.Select(t => $"{t.Key}={t.Value}")) + " " + string.Join(" ", a.Events.Select(e => e.Name))));
        Assert.NotEmpty(scenario.Client.Logs.GetSnapshot());
        Assert.DoesNotContain(interaction.Token.Reveal(), interaction.ToString(), StringComparison.Ordinal);
    }

    private static string Describe(Microsoft.Extensions.Logging.Testing.FakeLogRecord record) =>
        record.Message + " " + string.Join(" ", record.StructuredState?.Select(p => p.Value) ?? []) + " " + record.Exception;

    private static void AssertClean(IEnumerable<string> texts)
    {
        foreach (var text in texts)
        {
            Assert.False(text.Contains("SECRET", StringComparison.Ordinal), text);
            Assert.DoesNotContain("aW50ZXJhY3Rpb24tdG9rZW4", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Bot ", text, StringComparison.Ordinal);
        }
    }
}
