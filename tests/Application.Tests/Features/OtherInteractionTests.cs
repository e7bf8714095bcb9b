using Arrakis.Application.Abstractions.Discord;
using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Application.Abstractions.State;
using Arrakis.Application.Interactions;

namespace Arrakis.Application.Tests.Features;

public sealed class OtherInteractionTests
{
    [Theory]
    [InlineData(InteractionKind.Command, "teleport", null)]
    [InlineData(InteractionKind.Component, null, "settings:chain")]
    [InlineData(InteractionKind.ModalSubmit, null, "feedback:form")]
    public async Task AnUnknownCommandButtonOrModal_GetsAnEphemeralNotAvailable(InteractionKind kind, string? name, string? customId)
    {
        await using var h = new FeatureHarness();

        var result = await h.DispatchAsync(h.Interaction(kind, name, customId));

        Assert.True(result.IsSuccess, result.ToString());
        var reply = Assert.IsType<InteractionResponse.Reply>(Assert.Single(h.Discord.Calls).Body);
        Assert.Equal(UnavailableInteraction.Text, reply.Message.Content);
        Assert.True(reply.Message.Ephemeral);
    }

    [Fact]
    public async Task Ping_RepliesWithTheTimeSpentInTheQueue()
    {
        await using var h = new FeatureHarness();
        var input = h.Interaction(InteractionKind.Command, "ping") with { Timestamp = h.Clock.GetUtcNow().AddMilliseconds(-420) };

        await h.DispatchAsync(input);

        var reply = Assert.IsType<InteractionResponse.Reply>(Assert.Single(h.Discord.Calls).Body);
        Assert.Contains("420 ms", reply.Message.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AUserOverTheirLimit_IsToldHowLongToWait_InsteadOfTheCommandRunning()
    {
        await using var h = new FeatureHarness();
        h.RateLimiter.Decision = new RateLimitDecision(false, 6, TimeSpan.FromSeconds(4));

        await h.DispatchAsync(h.Interaction(InteractionKind.Command, "ping"));

        var reply = Assert.IsType<InteractionResponse.Reply>(Assert.Single(h.Discord.Calls).Body);
        Assert.DoesNotContain("Pong", reply.Message.Content, StringComparison.Ordinal);
        Assert.Contains("4", reply.Message.Content, StringComparison.Ordinal);
    }

    [Fact]
    public void Ping_IsDeclaredInOneFileAndNamedNowhereElse()
    {
        // Adding a command is one file: nothing central names it, yet it is routed (test above).
        var src = FindRepoDirectory("src");
        var mentions = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f).Contains("Ping(", StringComparison.Ordinal) || File.ReadAllText(f).Contains("<Ping>", StringComparison.Ordinal))
            .Select(Path.GetFileName)
            .ToList();
        Assert.Equal(["Ping.cs"], mentions);
    }

    private static string FindRepoDirectory(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Arrakis.sln")))
            {
                return Path.Combine(dir.FullName, name);
            }
        }

        throw new DirectoryNotFoundException(name);
    }
}
