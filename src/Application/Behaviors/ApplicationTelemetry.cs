using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Arrakis.Application.Behaviors;

/// <summary>
/// The application's trace source and meter. The host subscribes to both by <see cref="Name"/>
/// (OpenTelemetry <c>AddSource</c>/<c>AddMeter</c>).
/// </summary>
public static class ApplicationTelemetry
{
    public const string Name = "Arrakis.Application";

    internal static readonly ActivitySource Source = new(Name);

    internal static readonly Meter Meter = new(Name);

    /// <summary>Seconds per command, tagged with the command and its outcome.</summary>
    internal static readonly Histogram<double> CommandDuration = Meter.CreateHistogram<double>(
        "arrakis.command.duration", unit: "s", description: "Time spent in the command pipeline, per command and outcome.");

    /// <summary>Commands a behavior answered or settled without running the handler (duplicate, rate-limited, …).</summary>
    internal static readonly Counter<long> CommandsRefused = Meter.CreateCounter<long>(
        "arrakis.command.refused", description: "Commands settled by a behavior without running their handler, per reason.");

    /// <summary>Behaviors that went on without their state store (rate limits and cooldowns fail open).</summary>
    internal static readonly Counter<long> StateDegraded = Meter.CreateCounter<long>(
        "arrakis.state.degraded", description: "Checks skipped because the state store was unavailable, per behavior.");

    internal static void Refused(string command, string reason)
    {
        CommandsRefused.Add(1, new KeyValuePair<string, object?>("command", command), new KeyValuePair<string, object?>("reason", reason));
        Activity.Current?.SetTag("arrakis.refused", reason);
    }
}
