using System.Globalization;
using System.Text.RegularExpressions;
using Arrakis.DiscordSimulator;

namespace Arrakis.EndToEnd.Tests.Features;

/// <summary>A worker whose per-user limit is two interactions a minute, so a third is over it.</summary>
public sealed class TwoPerMinuteWorld : FeatureWorld
{
    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["USER_RATE_LIMIT"] = "2";
        settings["USER_RATE_WINDOW_MS"] = "60000";
    }
}

/// <summary>The per-user rate limit across commands (USER_RATE_LIMIT / USER_RATE_WINDOW_MS).</summary>
[Collection(FeatureWorld.Collection)]
public sealed partial class UserRateLimitTests(TwoPerMinuteWorld world) : IClassFixture<TwoPerMinuteWorld>
{
    [Fact]
    public async Task ThirdInteractionWithinTheWindow_IsToldAtOnceHowLongToWait_WhileOtherUsersAreServed()
    {
        var (guild, user) = (FeatureWorld.NewId(), FeatureWorld.NewId());
        var answers = new List<string>();
        var pings = new List<Arrakis.Testing.WireFixture>();
        for (var i = 0; i < 3; i++)
        {
            var ping = await world.PublishAsync(FeatureWorld.Command("ping", guild, user));
            pings.Add(ping);
            answers.Add(EphemeralReply(await world.SettledRequestsAsync(ping)));
        }

        var other = await world.PublishAsync(FeatureWorld.Command("ping", guild, FeatureWorld.NewId()));
        var otherAnswer = EphemeralReply(await world.SettledRequestsAsync(other));

        Assert.StartsWith("Pong!", answers[0], StringComparison.Ordinal);
        Assert.StartsWith("Pong!", answers[1], StringComparison.Ordinal);
        var wait = LimitedAnswer().Match(answers[2]);
        Assert.True(wait.Success, "Not a rate-limit answer: " + answers[2]);
        Assert.InRange(int.Parse(wait.Groups["seconds"].Value, CultureInfo.InvariantCulture), 1, 60);
        Assert.StartsWith("Pong!", otherAnswer, StringComparison.Ordinal);
        world.AssertDiscordSawNoMistakes([.. pings.SelectMany(world.RequestsOf), .. world.RequestsOf(other)]);
    }

    private static string EphemeralReply(IReadOnlyList<SimulatorRequest> requests)
    {
        var body = FeatureWorld.BodyOf(Assert.Single(requests, r => r.Route == SimulatedRoutes.Callback));
        Assert.Equal(4, body["type"]!.GetValue<int>());
        Assert.Equal(64, body["data"]!["flags"]!.GetValue<int>() & 64);
        return body["data"]!["content"]!.GetValue<string>();
    }

    [GeneratedRegex(@"too often\. Try again in (?<seconds>\d+) s\.")]
    private static partial Regex LimitedAnswer();
}
