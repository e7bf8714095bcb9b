using System.Text.Json.Nodes;
using Arrakis.DiscordSimulator;
using Arrakis.Testing;
using StackExchange.Redis;

namespace Arrakis.EndToEnd.Tests.Features;

/// <summary>member.* and guild.* events on the guild queue: Discord calls at the simulator, state in Redis.</summary>
[Collection(FeatureWorld.Collection)]
public sealed class MemberAndGuildEventTests(FeatureWorld world) : IClassFixture<FeatureWorld>
{
    [Fact]
    public async Task MemberJoins_GetsTheAutoRoleAndTheWelcomeMessageByDm()
    {
        var (guild, member, role) = (FeatureWorld.NewId(), FeatureWorld.NewId(), FeatureWorld.NewId());
        await ConfigureJoinAsync(guild, role, "Welcome to Arrakis, {user}!");

        var join = await world.PublishAsync(Join(guild, member, "Paul Atreides"));

        Assert.Equal("handled", await world.WaitForOutcomeAsync(join));
        var grant = Assert.Single(RequestsFor(SimulatedRoutes.AddRole, guild, member));
        Assert.Equal(role, grant.Values["role_id"]);
        Assert.Equal(204, grant.Status);
        Assert.False(string.IsNullOrWhiteSpace(grant.AuditLogReason));

        var dm = Assert.Single(DmChannelsOpenedFor(member));
        Assert.Equal(member, FeatureWorld.BodyOf(dm)["recipient_id"]!.GetValue<string>());
        var message = Assert.Single(MessagesAfter(dm));
        Assert.Equal("Welcome to Arrakis, Paul Atreides!", FeatureWorld.BodyOf(message)["content"]!.GetValue<string>());
        Assert.Equal(200, message.Status);
        world.AssertDiscordSawNoMistakes([grant, dm, message]);
    }

    [Fact]
    public async Task MemberWhoDoesNotAcceptDms_StillGetsTheRole_AndTheEventIsAcknowledgedNotRetried()
    {
        var (guild, member, role) = (FeatureWorld.NewId(), FeatureWorld.NewId(), FeatureWorld.NewId());
        world.SimulatorOptions.ClosedDirectMessages.Add(ulong.Parse(member, System.Globalization.CultureInfo.InvariantCulture));
        await ConfigureJoinAsync(guild, role, "Welcome, {user}!");

        var join = await world.PublishAsync(Join(guild, member, "Chani"));

        Assert.Equal("handled", await world.WaitForOutcomeAsync(join));
        Assert.Equal(["handled"], world.OutcomesOf(join.EventId));
        Assert.Single(RequestsFor(SimulatedRoutes.AddRole, guild, member));
        var dm = Assert.Single(DmChannelsOpenedFor(member));
        var refused = Assert.Single(MessagesAfter(dm));
        Assert.Equal(403, refused.Status);
        Assert.Equal(0u, await world.Broker.MessageCountAsync("arrakis.dlq"));
        world.AssertDiscordSawNoMistakes([dm, refused]);
    }

    [Fact]
    public async Task MemberLeaves_TheirSessionAndVerificationInThatGuildAreForgotten()
    {
        var (guild, member, other) = (FeatureWorld.NewId(), FeatureWorld.NewId(), FeatureWorld.NewId());
        var prefix = world.Redis.KeyPrefix;
        string[] gone = [$"{prefix}session:verify:{guild}:{member}", $"{prefix}verification:{guild}:{member}"];
        string[] kept = [$"{prefix}verification:{guild}:{other}", $"{prefix}guild:{guild}:settings"];
        foreach (var key in gone.Concat(kept))
        {
            await world.Redis.Database.HashSetAsync(key, "seeded", "1");
        }

        var leave = await world.PublishAsync(FeatureWorld.Sample("member.leave", guild, member));

        Assert.Equal("handled", await world.WaitForOutcomeAsync(leave));
        var keys = (await world.Redis.KeysAsync()).Select(k => k.ToString()).ToHashSet(StringComparer.Ordinal);
        Assert.All(gone, key => Assert.DoesNotContain(key, keys));
        Assert.All(kept, key => Assert.Contains(key, keys));
    }

    [Fact]
    public async Task MemberLeavesWithoutAKnownUser_IsAcknowledged_AndForgetsNothing()
    {
        var (guild, member) = (FeatureWorld.NewId(), FeatureWorld.NewId());
        var kept = $"{world.Redis.KeyPrefix}verification:{guild}:{member}";
        await world.Redis.Database.HashSetAsync(kept, "seeded", "1");
        var leave = FeatureWorld.Sample("member.leave.partial", guild);

        await world.PublishAsync(leave);

        Assert.Equal("handled", await world.WaitForOutcomeAsync(leave));
        Assert.Equal(["handled"], world.OutcomesOf(leave.EventId));
        Assert.True(await world.Redis.Database.KeyExistsAsync(kept));
    }

    [Fact]
    public async Task VerifiedRoleTakenAway_RevokesTheVerification_AnotherRoleDoesNot()
    {
        var (guild, member, role) = (FeatureWorld.NewId(), FeatureWorld.NewId(), FeatureWorld.NewId());
        await SetupAsync(guild, "verified-role", new JsonObject { ["role"] = role });
        var verification = (RedisKey)$"{world.Redis.KeyPrefix}verification:{guild}:{member}";
        await world.Redis.Database.HashSetAsync(verification,
            [new("address", "0x52908400098527886E0F7030069857D2E4169EE7"), new("verifiedAt", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())]);

        var otherRole = await world.PublishAsync(Update(guild, member, FeatureWorld.NewId()));
        Assert.Equal("handled", await world.WaitForOutcomeAsync(otherRole));
        Assert.False(await world.Redis.Database.HashExistsAsync(verification, "revokedAt"));

        var verifiedRole = await world.PublishAsync(Update(guild, member, role));
        Assert.Equal("handled", await world.WaitForOutcomeAsync(verifiedRole));
        Assert.True(await world.Redis.Database.HashExistsAsync(verification, "revokedAt"));
    }

    [Theory]
    [InlineData("guild.join")]
    [InlineData("guild.create")]
    public async Task BotJoinsAGuild_ItsSettingsStart(string eventType)
    {
        var guild = FeatureWorld.NewId();
        var joined = FeatureWorld.Sample("guild.join", guild);
        joined.Body["eventType"] = eventType;

        await world.PublishAsync(joined);

        Assert.Equal("handled", await world.WaitForOutcomeAsync(joined));
        Assert.True(await world.Redis.Database.HashExistsAsync($"{world.Redis.KeyPrefix}guild:{guild}:settings", "joined-at"));
    }

    [Theory]
    [InlineData("guild.leave")]
    [InlineData("guild.delete")]
    public async Task BotLeavesAGuild_EverythingOfThatGuildIsErased_OtherGuildsKeepTheirs(string eventType)
    {
        var (guild, otherGuild, member) = (FeatureWorld.NewId(), FeatureWorld.NewId(), FeatureWorld.NewId());
        await SetupAsync(guild, "welcome", new JsonObject { ["message"] = "Hello {user}" });
        await SetupAsync(otherGuild, "welcome", new JsonObject { ["message"] = "Hi {user}" });
        var prefix = world.Redis.KeyPrefix;
        await world.Redis.Database.HashSetAsync($"{prefix}session:verify:{guild}:{member}", "seeded", "1");
        await world.Redis.Database.HashSetAsync($"{prefix}verification:{guild}:{member}", "seeded", "1");
        await world.Redis.Database.HashSetAsync($"{prefix}verification:{otherGuild}:{member}", "seeded", "1");
        var left = FeatureWorld.Sample("guild.leave", guild);
        left.Body["eventType"] = eventType;

        await world.PublishAsync(left);

        Assert.Equal("handled", await world.WaitForOutcomeAsync(left));
        var keys = (await world.Redis.KeysAsync()).Select(k => k.ToString()).ToList();
        Assert.DoesNotContain(keys, k => k.Contains($":{guild}:", StringComparison.Ordinal));
        Assert.Contains($"{prefix}guild:{otherGuild}:settings", keys);
        Assert.Contains($"{prefix}verification:{otherGuild}:{member}", keys);
    }

    [Fact]
    public async Task SameMemberJoinDeliveredTwice_GrantsTheRoleAndSendsTheWelcomeOnce()
    {
        var (guild, member, role) = (FeatureWorld.NewId(), FeatureWorld.NewId(), FeatureWorld.NewId());
        await ConfigureJoinAsync(guild, role, "Welcome, {user}!");
        var join = Join(guild, member, "Stilgar").Fresh();

        await world.PublishAsIsAsync(join);
        await world.PublishAsIsAsync(join);

        // Both copies settled (a copy that found the first in progress is retried, then finds it done).
        Assert.True(await Eventually.TrueAsync(() => world.OutcomesOf(join.EventId).Count(o => o is "handled" or "already-done") == 2),
            "Outcomes: " + string.Join(", ", world.OutcomesOf(join.EventId)));
        Assert.Single(RequestsFor(SimulatedRoutes.AddRole, guild, member));
        Assert.Single(DmChannelsOpenedFor(member));
        Assert.DoesNotContain("dead-lettered", world.OutcomesOf(join.EventId));
    }

    [Fact]
    public async Task SameInteractionDeliveredTwice_IsAnsweredOnce()
    {
        var ping = FeatureWorld.Command("ping", FeatureWorld.NewId(), FeatureWorld.NewId()).Fresh();

        await world.PublishAsIsAsync(ping);
        await world.PublishAsIsAsync(ping);

        Assert.True(await Eventually.TrueAsync(() => world.OutcomesOf(ping.EventId).Count(o => o is "handled" or "already-done") == 2),
            "Outcomes: " + string.Join(", ", world.OutcomesOf(ping.EventId)));
        var callback = Assert.Single(world.RequestsOf(ping));
        Assert.Equal(204, callback.Status);
        world.AssertDiscordSawNoMistakes([callback]);
    }

    private async Task ConfigureJoinAsync(string guild, string role, string welcome)
    {
        await SetupAsync(guild, "auto-role", new JsonObject { ["role"] = role });
        await SetupAsync(guild, "welcome", new JsonObject { ["message"] = welcome });
    }

    /// <summary>Runs <c>/setup &lt;subcommand&gt;</c> as an admin, as a guild's admin would, and waits for its answer.</summary>
    private async Task SetupAsync(string guild, string subcommand, JsonObject options)
    {
        var setup = await world.PublishAsync(FeatureWorld.Command("setup", guild, FeatureWorld.NewId(), new JsonObject { [subcommand] = options }, "Administrator"));
        var requests = await world.SettledRequestsAsync(setup);
        Assert.Contains(requests, r => r.Route == SimulatedRoutes.EditOriginal && r.Status == 200);
    }

    private static WireFixture Join(string guild, string member, string displayName)
    {
        var join = FeatureWorld.Sample("member.join", guild, member);
        join.Body["data"]!["displayName"] = displayName;
        return join;
    }

    private static WireFixture Update(string guild, string member, string removedRole)
    {
        var update = FeatureWorld.Sample("member.update", guild, member);
        update.Body["data"]!["removedRoles"] = new JsonArray(removedRole);
        update.Body["data"]!["addedRoles"] = new JsonArray();
        return update;
    }

    private List<SimulatorRequest> RequestsFor(string route, string guild, string member) =>
        [.. world.Simulator.Requests.Where(r => r.Route == route && r.Values["guild_id"] == guild && r.Values["user_id"] == member)];

    private List<SimulatorRequest> DmChannelsOpenedFor(string member) =>
        [.. world.Simulator.Requests.Where(r => r.Route == SimulatedRoutes.CreateDm && r.Body.Contains(member, StringComparison.Ordinal))];

    /// <summary>
    /// Messages posted after <paramref name="dm"/> opened the DM channel. The simulator logs requests, not its answers
    /// (the channel id), but tests of a class run one at a time and each waits for its event to settle, so every
    /// message after this test's DM request is this test's.
    /// </summary>
    private List<SimulatorRequest> MessagesAfter(SimulatorRequest dm) =>
        [.. world.Simulator.Requests.Where(r => r.Route == SimulatedRoutes.CreateMessage && r.Sequence > dm.Sequence)];
}
