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
        for (var i = 0; i < 2; i++)
        {
            await SendAsync(world, HttpMethod.Put, $"/guilds/{join.GuildId}/members/{join.UserId}/roles/{MessageFactory.AutoRoleId}", body: null);
        }

        await world.Records.MarkDoneAsync(join);

        var report = await WitnessReport.ReadAsync(world, [join, ping]);

        Assert.Equal(1, report.RolesAddedTwice);
        Assert.Equal(1, report.DoneTwice);
        Assert.Equal(1, report.Done);
        Assert.Equal(ping, Assert.Single(report.NotDone));
        Assert.Equal(1, report.Unanswered);
    }

    [Fact]
    public async Task Witness_CountsAWelcomeSentTwice_ButNotACreateAnsweredByItsNonce()
    {
        await using var world = await LoadWorld.StartAsync(Path.Combine(Path.GetTempPath(), "arrakis-load-tests"));
        var guilds = MessageFactory.NewGuildIds(1);
        var factory = new MessageFactory(guilds, welcomeGuilds: guilds);
        var (replayed, _) = factory.Create(MessageKind.JoinWithWelcome, 1);
        var (doubled, _) = factory.Create(MessageKind.JoinWithWelcome, 2);

        // The first member's welcome created twice with one nonce (enforce_nonce): Discord makes one message. The
        // second's twice with two nonces: two messages.
        await SendWelcomeAsync(world, replayed.UserId, "same-nonce");
        await SendWelcomeAsync(world, replayed.UserId, "same-nonce");
        await SendWelcomeAsync(world, doubled.UserId, "nonce-1");
        await SendWelcomeAsync(world, doubled.UserId, "nonce-2");
        await world.Records.MarkDoneAsync(replayed);
        await world.Records.MarkDoneAsync(doubled);

        var report = await WitnessReport.ReadAsync(world, [replayed, doubled]);

        Assert.Equal(2, report.WelcomesSent);
        Assert.Equal(1, report.WelcomesSentTwice);
        Assert.Equal(1, report.DoneTwice);
    }

    private static Task SendWelcomeAsync(LoadWorld world, string userId, string nonce) =>
        SendAsync(world, HttpMethod.Post, "/channels/1300000000000000777/messages",
            $$"""{"content":"welcome:{{userId}}","nonce":"{{nonce}}","enforce_nonce":true}""");

    private static async Task SendAsync(LoadWorld world, HttpMethod method, string path, string? body)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(method, $"{world.Simulator.ApiBaseUrl}/v10{path}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bot", LoadWorld.BotToken);
        request.Headers.UserAgent.ParseAdd("DiscordBot (https://example.invalid, 1.0)");
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
    }
}
