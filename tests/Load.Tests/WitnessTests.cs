using System.Net.Http.Headers;

namespace Arrakis.Load.Tests;

/// <summary>
/// The witness is what the chaos scenarios and benchmarks trust, so it must see a loss and a doubled side effect when
/// there is one: both are made here on purpose, without a worker, and it must count them.
/// </summary>
public sealed class WitnessTests
{
    [Fact]
    public async Task Witness_CountsARoleAddedTwice_AndAMessageNeverDone()
    {
        await using var world = await LoadWorld.StartAsync(Path.Combine(Path.GetTempPath(), "arrakis-load-tests"));
        var factory = new MessageFactory(MessageFactory.NewGuildIds(1));
        var (join, _) = factory.Create(MessageKind.JoinWithRole, 1);
        var (ping, _) = factory.Create(MessageKind.Ping, 2);

        // The same role added twice, as a worker that ran one event twice would.
        using var http = new HttpClient();
        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, $"{world.Simulator.ApiBaseUrl}/v10/guilds/{join.GuildId}/members/{join.UserId}/roles/{MessageFactory.AutoRoleId}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bot", LoadWorld.BotToken);
            request.Headers.UserAgent.ParseAdd("DiscordBot (https://example.invalid, 1.0)");
            using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
        }

        await world.Records.MarkDoneAsync(join);

        var report = await WitnessReport.ReadAsync(world, [join, ping]);

        Assert.Equal(1, report.RolesAddedTwice);
        Assert.Equal(1, report.DoneTwice);
        Assert.Equal(1, report.Done);
        Assert.Equal(ping, Assert.Single(report.NotDone));
        Assert.Equal(1, report.Unanswered);
    }
}
