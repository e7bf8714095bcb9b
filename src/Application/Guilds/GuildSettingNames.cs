namespace Arrakis.Application.Guilds;

/// <summary>The names under which a guild's settings are stored.</summary>
public static class GuildSettingNames
{
    public const string VerifiedRole = "verified-role";
    public const string AutoRole = "auto-role";
    public const string WelcomeMessage = "welcome-message";
    public const string JoinedAt = "joined-at";
}
