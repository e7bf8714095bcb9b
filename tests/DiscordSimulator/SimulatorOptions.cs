namespace Arrakis.DiscordSimulator;

/// <summary>How the simulated Discord behaves. Every member can be changed while it runs.</summary>
public sealed class SimulatorOptions
{
    /// <summary>0 picks a free port on 127.0.0.1.</summary>
    public int Port { get; set; }

    /// <summary>The only bot token accepted (<c>Authorization: Bot …</c>); null accepts any.</summary>
    public string? BotToken { get; set; }

    /// <summary>Requests per <see cref="GlobalWindow"/> per bot token, for routes that carry bot authorization.</summary>
    public int GlobalLimit { get; set; } = 50;

    public TimeSpan GlobalWindow { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The limit of every bucket that <see cref="RouteLimits"/> and <see cref="MajorLimits"/> do not name.</summary>
    public BucketLimit DefaultLimit { get; set; } = new(50, TimeSpan.FromSeconds(1));

    /// <summary>Limits by route name (<see cref="SimulatedRoutes"/>), for every major parameter.</summary>
    public Dictionary<string, BucketLimit> RouteLimits { get; } = [];

    /// <summary>Limits by <c>route name + ":" + major parameter</c> (a guild or channel id), over <see cref="RouteLimits"/>.</summary>
    public Dictionary<string, BucketLimit> MajorLimits { get; } = [];

    /// <summary>Route names that answer without any rate-limit header (Discord does this on some routes).</summary>
    public HashSet<string> RoutesWithoutHeaders { get; } = [];

    /// <summary>A callback later than this after the interaction's snowflake time is answered 404/10062.</summary>
    public TimeSpan CallbackDeadline { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Added to every answer.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Guild members that do not exist (404/10007), by user id.</summary>
    public HashSet<ulong> UnknownMembers { get; } = [];

    /// <summary>Roles that do not exist (404/10011).</summary>
    public HashSet<ulong> UnknownRoles { get; } = [];

    /// <summary>Users who do not accept direct messages (403/50007).</summary>
    public HashSet<ulong> ClosedDirectMessages { get; } = [];

    /// <summary>Guilds where the bot lacks Manage Roles (403/50013).</summary>
    public HashSet<ulong> GuildsWithoutPermission { get; } = [];

    /// <summary>Checks routes and bodies against Discord's OpenAPI description; a violation answers 400/50035.</summary>
    public bool ValidateRequests { get; set; } = true;

    /// <summary>Where Discord's OpenAPI description is; null searches for shared/discord-api-spec/openapi.json.</summary>
    public string? SpecPath { get; set; }
}

/// <summary><see cref="Limit"/> requests per <see cref="Period"/>, the window starting at its first request as Discord's do.</summary>
public sealed record BucketLimit(int Limit, TimeSpan Period);
