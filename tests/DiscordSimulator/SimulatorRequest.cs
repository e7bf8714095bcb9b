namespace Arrakis.DiscordSimulator;

/// <summary>One request as the simulator received and answered it.</summary>
public sealed class SimulatorRequest
{
    public required long Sequence { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>Monotonic milliseconds since the simulator started, for ordering and spacing.</summary>
    public required double ReceivedAtMs { get; init; }

    public required string Method { get; init; }

    /// <summary>The path under /api/v10 (it holds interaction tokens: this log is for tests only).</summary>
    public required string Path { get; init; }

    /// <summary>The simulated route's name (see <see cref="SimulatedRoutes"/>), or null for an unknown path.</summary>
    public string? Route { get; init; }

    /// <summary>The route's major parameter value (guild, channel, webhook or interaction id).</summary>
    public string Major { get; init; } = "";

    public IReadOnlyDictionary<string, string> Values { get; init; } = new Dictionary<string, string>();

    public bool HasAuthorization { get; init; }

    public string? UserAgent { get; init; }

    public string? AuditLogReason { get; init; }

    public string Body { get; init; } = "";

    public int Status { get; set; }

    /// <summary>For a 429: global, user or shared.</summary>
    public string? Scope { get; set; }

    public string? Violation { get; set; }

    public bool LateCallback { get; set; }

    public bool DuplicateCallback { get; set; }

    /// <summary>A message create answered with the message an earlier create with the same nonce made (enforce_nonce): nothing new was sent.</summary>
    public bool NonceReplay { get; set; }

    /// <summary>For a callback: milliseconds from the interaction's creation (its snowflake) to its arrival.</summary>
    public double? CallbackLatencyMs { get; set; }

    public bool Faulted { get; set; }
}
