using Arrakis.Application.Abstractions.Discord;
using Arrakis.Application.Guilds;
using Arrakis.Application.Members;
using Arrakis.Domain.Discord;
using Microsoft.Extensions.Logging.Abstractions;

namespace Arrakis.Application.Tests.Features;

/// <summary>
/// A member.join run again after a crash (its claim's lease expired before it was marked done) must not add the role
/// or send the welcome a second time: each effect is recorded once Discord accepted it (ADR 0075, chaos kill9).
/// </summary>
public sealed class MemberJoinedSideEffectTests
{
    private static readonly Snowflake Guild = new(1098765432109876543);
    private static readonly Snowflake User = new(287654321098765432);
    private static readonly Snowflake Role = new(1300000000000000001);

    [Fact]
    public async Task SecondRun_AfterBothEffectsWereDone_RepeatsNeither()
    {
        var (handler, guilds, directMessages, _) = await HandlerAsync();
        var command = new MemberJoined("event-1", Guild, User, "Rider");

        Assert.True((await handler.Handle(command, CancellationToken.None)).IsSuccess);
        Assert.True((await handler.Handle(command, CancellationToken.None)).IsSuccess);

        Assert.Single(guilds.Calls);
        Assert.Single(directMessages.Sent);
    }

    [Fact]
    public async Task WelcomeFailedTransiently_TheRetryDoesNotAddTheRoleAgain()
    {
        var (handler, guilds, directMessages, effects) = await HandlerAsync();
        var command = new MemberJoined("event-2", Guild, User, "Rider");
        directMessages.Result = DiscordResult.Failed(new DiscordError(503, 0, "unavailable", true));

        Assert.False((await handler.Handle(command, CancellationToken.None)).IsSuccess);
        directMessages.Result = DiscordResult.Ok;
        Assert.True((await handler.Handle(command, CancellationToken.None)).IsSuccess);

        Assert.Single(guilds.Calls);
        Assert.Equal(2, directMessages.Sent.Count);
        // Both sends name the same message: had the first reached Discord, the second gets it back (enforce_nonce).
        Assert.Equal(["event:event-2:welcome", "event:event-2:welcome"], directMessages.SendOnceKeys);
        Assert.Equal(["event:event-2:auto-role", "event:event-2:welcome"], effects.Recorded.Order());
    }

    [Fact]
    public async Task RoleAdded_AsTheRunIsCutOff_DuringARedisOutage_IsRecordedOnceRedisAnswers_AndNotAddedAgain()
    {
        var (handler, guilds, directMessages, effects) = await HandlerAsync();
        var command = new MemberJoined("event-5", Guild, User, "Rider");
        using var run = new CancellationTokenSource();
        // The run's processing timeout fires while Discord adds the role, and Redis refuses the next two writes.
        guilds.WhileAdding = run.Cancel;
        effects.Unavailable(writes: 2);

        try
        {
            await handler.Handle(command, run.Token);
        }
        catch (OperationCanceledException)
        {
            // Real ports end the cut-off run here, after the record; these fakes do not watch the token.
        }

        Assert.Contains("event:event-5:auto-role", effects.Recorded);
        guilds.WhileAdding = null;
        Assert.True((await handler.Handle(command, CancellationToken.None)).IsSuccess);
        Assert.Single(guilds.Calls);
        Assert.Single(directMessages.Sent);
    }

    [Fact]
    public async Task AnotherEventOfTheSameMember_IsNotMistakenForARepeat()
    {
        var (handler, guilds, directMessages, _) = await HandlerAsync();

        await handler.Handle(new MemberJoined("event-3", Guild, User, "Rider"), CancellationToken.None);
        await handler.Handle(new MemberJoined("event-4", Guild, User, "Rider"), CancellationToken.None);

        Assert.Equal(2, guilds.Calls.Count);
        Assert.Equal(2, directMessages.Sent.Count);
        Assert.Equal(2, directMessages.SendOnceKeys.Distinct().Count());
    }

    private static async Task<(MemberJoinedHandler Handler, RecordingGuilds Guilds, RecordingDirectMessages DirectMessages, InMemorySideEffects Effects)> HandlerAsync()
    {
        var settings = new InMemoryGuildSettings();
        await settings.SetAsync(Guild, GuildSettingNames.AutoRole, Role.ToString(), CancellationToken.None);
        await settings.SetAsync(Guild, GuildSettingNames.WelcomeMessage, "welcome {user}", CancellationToken.None);
        var guilds = new RecordingGuilds();
        var directMessages = new RecordingDirectMessages();
        var effects = new InMemorySideEffects();
        return (new MemberJoinedHandler(settings, guilds, directMessages, effects, NullLogger<MemberJoinedHandler>.Instance), guilds, directMessages, effects);
    }
}
