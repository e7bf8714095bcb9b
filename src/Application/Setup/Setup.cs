using System.Text;
using Arrakis.Application.Abstractions.Discord;
using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Application.Abstractions.State;
using Arrakis.Application.Guilds;
using Arrakis.Application.Interactions;
using Arrakis.Application.Routing;
using Arrakis.Domain.Discord;
using Mediator;

namespace Arrakis.Application.Setup;

/// <summary>
/// <c>/setup verified-role|auto-role|welcome|show</c>: a guild's configuration, for members who may manage the guild.
/// The ingestor nests a subcommand's options: <c>{"verified-role": {"role": "&lt;id&gt;"}}</c>.
/// </summary>
public sealed record Setup(InteractionInput Interaction, RateLimit RateLimit, string? Subcommand, string? Role, string? Message)
    : InteractionCommand(Interaction, RateLimit)
{
    public const string VerifiedRole = "verified-role";
    public const string AutoRole = "auto-role";
    public const string Welcome = "welcome";
    public const string Show = "show";

    public override InteractionAcknowledgement Acknowledgement => InteractionAcknowledgement.DeferEphemeralReply;

    public bool MayManageGuild =>
        Interaction.MemberPermissions.Contains("ManageGuild") || Interaction.MemberPermissions.Contains("Administrator");
}

internal sealed class SetupRoute(InteractionLimits limits) : InteractionRoute<Setup>
{
    public override InteractionKind Kind => InteractionKind.Command;

    public override string Key => "setup";

    public override Setup Bind(InteractionInput input)
    {
        var subcommand = input.Options.Names.FirstOrDefault(name => input.Options.GetObject(name) is not null);
        var options = subcommand is null ? Payload.Empty : input.Options.GetObject(subcommand)!;
        return new Setup(input, limits.For(input), subcommand, options.GetString("role"), options.GetString("message"));
    }
}

internal sealed class SetupHandler(IGuildSettingsStore settings, IDiscordInteractions discord) : ICommandHandler<Setup, Result>
{
    public const string Refusal = "You need the Manage Server or Administrator permission to change this bot's setup.";

    public async ValueTask<Result> Handle(Setup command, CancellationToken cancellationToken)
    {
        var guild = command.Interaction.GuildId;
        var text = !command.MayManageGuild
            ? Refusal
            : command.Subcommand switch
            {
                Setup.VerifiedRole => await SetAsync(guild, GuildSettingNames.VerifiedRole, command.Role, $"Members who verify a wallet will get <@&{command.Role}>.", "", cancellationToken),
                Setup.AutoRole => await SetAsync(guild, GuildSettingNames.AutoRole, command.Role, $"Members who join will get <@&{command.Role}>.", "Members who join no longer get a role.", cancellationToken),
                Setup.Welcome => await SetAsync(guild, GuildSettingNames.WelcomeMessage, command.Message, "Members who join will get this welcome message:\n>>> " + command.Message, "Members who join no longer get a welcome message.", cancellationToken),
                _ => Describe(await settings.GetAllAsync(guild, cancellationToken)),
            };

        var result = await discord.EditOriginalAsync(command.Target, new MessageContent(text, Ephemeral: true), cancellationToken);
        return result.ToResult();
    }

    private async Task<string> SetAsync(Snowflake guild, string name, string? value, string setText, string clearedText, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(value))
        {
            await settings.RemoveAsync(guild, name, cancellationToken);
            return clearedText;
        }

        await settings.SetAsync(guild, name, value, cancellationToken);
        return setText;
    }

    private static string Describe(IReadOnlyDictionary<string, string> values)
    {
        var text = new StringBuilder("**This server's setup**\n");
        text.Append("Verified role: ").AppendLine(values.TryGetValue(GuildSettingNames.VerifiedRole, out var verified) ? $"<@&{verified}>" : "not set (run `/setup verified-role`)");
        text.Append("Auto role: ").AppendLine(values.TryGetValue(GuildSettingNames.AutoRole, out var auto) ? $"<@&{auto}>" : "none");
        text.Append("Welcome message: ").Append(values.TryGetValue(GuildSettingNames.WelcomeMessage, out var welcome) ? "\n>>> " + welcome : "none");
        return text.ToString();
    }
}
