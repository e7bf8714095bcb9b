using System.Globalization;
using System.Text.Json.Nodes;
using Arrakis.Testing;

namespace Arrakis.Load;

/// <summary>What the load tool publishes, and what the simulator's log must show for it (its witness).</summary>
public enum MessageKind
{
    /// <summary><c>/ping</c>: answered at once (one callback, type 4).</summary>
    Ping,

    /// <summary><c>/verify</c>: deferred (one callback, type 5), then answered by editing the original.</summary>
    Verify,

    /// <summary><c>member.join</c> in a guild with nothing set up: no Discord call; done in Redis.</summary>
    Join,

    /// <summary><c>member.join</c> in a guild with an auto role: one <c>PUT …/roles/{role}</c>.</summary>
    JoinWithRole,

    /// <summary><c>member.leave</c>: no Discord call; done in Redis.</summary>
    Leave,

    /// <summary>
    /// <c>member.join</c> in a guild with an auto role and a welcome message: one role added and one DM sent, the DM
    /// being the side effect a member would see twice. Its display name is the user id, so the DM names its user.
    /// </summary>
    JoinWithWelcome,
}

/// <summary>One message the load tool published (once, whatever the retries of its publish).</summary>
public sealed record SentMessage(
    MessageKind Kind,
    string EventId,
    string GuildId,
    string UserId,
    string? InteractionId,
    string? InteractionToken,
    DateTimeOffset CreatedAt)
{
    public bool IsInteraction => InteractionId is not null;

    /// <summary>The worker's idempotency key for it (see the commands' <c>IdempotencyKey</c>).</summary>
    public string IdempotencyKey => IsInteraction ? "interaction:" + InteractionId : "event:" + EventId;
}

/// <summary>Weights of each kind, e.g. <c>ping=1,verify=1,join=6,role=1,leave=1</c>.</summary>
public sealed class TrafficMix
{
    private static readonly Dictionary<string, MessageKind> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ping"] = MessageKind.Ping,
        ["verify"] = MessageKind.Verify,
        ["join"] = MessageKind.Join,
        ["role"] = MessageKind.JoinWithRole,
        ["leave"] = MessageKind.Leave,
        ["welcome"] = MessageKind.JoinWithWelcome,
    };

    private readonly MessageKind[] _wheel;

    public TrafficMix(IReadOnlyDictionary<MessageKind, int> weights)
    {
        Weights = weights;
        // A fixed, interleaved order (not random): every run of the same mix publishes the same sequence of kinds.
        var wheel = new List<MessageKind>();
        var left = weights.Where(w => w.Value > 0).ToDictionary(w => w.Key, w => w.Value);
        while (left.Count > 0)
        {
            foreach (var kind in left.Keys.ToList())
            {
                wheel.Add(kind);
                if (--left[kind] == 0)
                {
                    left.Remove(kind);
                }
            }
        }

        _wheel = [.. wheel];
    }

    public IReadOnlyDictionary<MessageKind, int> Weights { get; }

    public static TrafficMix Parse(string text) => new(text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(part => part.Split('='))
        .ToDictionary(
            pair => Names.TryGetValue(pair[0], out var kind) ? kind : throw new ArgumentException($"Unknown kind '{pair[0]}' (known: {string.Join(", ", Names.Keys)})."),
            pair => int.Parse(pair[1], CultureInfo.InvariantCulture)));

    public static TrafficMix Only(MessageKind kind) => new(new Dictionary<MessageKind, int> { [kind] = 1 });

    public MessageKind KindOf(long sequence) => _wheel[sequence % _wheel.Length];

    public override string ToString() => string.Join(",", Weights.Select(w => $"{Names.First(n => n.Value == w.Key).Key}={w.Value}"));
}

/// <summary>
/// Builds messages from the ingestor's wire samples, each with ids of its own: a new user every time (so no per-user
/// limit or cooldown refuses it), guilds from small pools (so buckets and settings are shared as in real traffic).
/// </summary>
public sealed class MessageFactory
{
    public const string AutoRoleId = "1300000000000000001";

    /// <summary>The welcome message of <see cref="WelcomeGuilds"/>: the DM it becomes names the user (the witness reads it).</summary>
    public const string WelcomeTemplate = "welcome:{user}";

    private readonly IReadOnlyList<string> _plainGuilds;
    private long _users;

    /// <param name="welcomeGuilds">Guilds seeded with the auto role and <see cref="WelcomeTemplate"/>, for <see cref="MessageKind.JoinWithWelcome"/>.</param>
    public MessageFactory(IReadOnlyList<string> roleGuilds, int plainGuilds = 20, IReadOnlyList<string>? welcomeGuilds = null)
    {
        RoleGuilds = roleGuilds;
        WelcomeGuilds = welcomeGuilds ?? [];
        _plainGuilds = [.. Enumerable.Range(0, plainGuilds).Select(i => (1_250_000_000_000_000_000UL + (ulong)i).ToString(CultureInfo.InvariantCulture))];
        // Users unique across runs too, so a leftover key of an earlier run can never match.
        _users = (long)(1_270_000_000_000_000_000UL + ((ulong)Random.Shared.NextInt64(1, 1L << 40) << 16));
    }

    /// <summary>Guilds seeded with <see cref="AutoRoleId"/> as their auto role (<see cref="LoadWorld.SeedGuildAsync"/>).</summary>
    public IReadOnlyList<string> RoleGuilds { get; }

    /// <summary>Guilds seeded with the auto role and <see cref="WelcomeTemplate"/>.</summary>
    public IReadOnlyList<string> WelcomeGuilds { get; }

    public static IReadOnlyList<string> NewGuildIds(int count) =>
        [.. Enumerable.Range(0, count).Select(_ => (1_260_000_000_000_000_000UL + (ulong)Random.Shared.NextInt64(1, 1L << 50)).ToString(CultureInfo.InvariantCulture))];

    /// <summary>A message of <paramref name="kind"/>, created at <paramref name="createdAt"/> (now by default).</summary>
    public (SentMessage Message, WireFixture Wire) Create(MessageKind kind, long sequence, DateTimeOffset? createdAt = null)
    {
        var user = Interlocked.Increment(ref _users).ToString(CultureInfo.InvariantCulture);
        var guild = kind switch
        {
            MessageKind.JoinWithRole => RoleGuilds[(int)(sequence % RoleGuilds.Count)],
            MessageKind.JoinWithWelcome when WelcomeGuilds.Count == 0 => throw new InvalidOperationException("No welcome guilds were given to the factory."),
            MessageKind.JoinWithWelcome => WelcomeGuilds[(int)(sequence % WelcomeGuilds.Count)],
            _ => _plainGuilds[(int)(sequence % _plainGuilds.Count)],
        };
        var wire = kind switch
        {
            MessageKind.Ping => Command("ping"),
            MessageKind.Verify => WireFixture.Load("interaction.command.verify"),
            MessageKind.Join or MessageKind.JoinWithRole or MessageKind.JoinWithWelcome => WireFixture.Load("member.join"),
            MessageKind.Leave => WireFixture.Load("member.leave"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        var body = wire.Body;
        body["guildId"] = guild;
        wire.Properties["headers"]!["guildId"] = guild;
        body["userId"] = user;
        if (body["data"] is JsonObject data)
        {
            if (data.ContainsKey("userId"))
            {
                data["userId"] = user;
            }

            if (data.ContainsKey("guildId"))
            {
                data["guildId"] = guild;
            }

            if (kind == MessageKind.JoinWithWelcome)
            {
                data["displayName"] = user;
            }
        }

        string? token = null;
        if (body.ContainsKey("interactionToken"))
        {
            token = "load-" + Guid.NewGuid().ToString("N");
            body["interactionToken"] = token;
        }

        var at = createdAt ?? DateTimeOffset.UtcNow;
        wire.Fresh(at);
        var message = new SentMessage(kind, wire.EventId, guild, user, body["interactionId"]?.GetValue<string>(), token, at);
        return (message, wire);
    }

    private static WireFixture Command(string name)
    {
        var wire = WireFixture.Load("interaction.command.verify");
        wire.Body["eventType"] = "interaction.command." + name;
        var data = wire.Body["data"]!.AsObject();
        data["commandName"] = name;
        data["options"] = new JsonObject();
        return wire;
    }
}
