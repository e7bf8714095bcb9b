namespace Arrakis.Application.Behaviors;

/// <summary>
/// Timing of the acknowledgement behavior. Infrastructure binds it from <c>DEFER_TIMEOUT_MS</c>; Application
/// reads no configuration itself.
/// </summary>
public sealed class AcknowledgementOptions
{
    /// <summary>After this long from the interaction's creation the worker no longer sends an initial response:
    /// it would arrive after Discord's 3-second window.</summary>
    public TimeSpan DeferDeadline { get; init; } = TimeSpan.FromMilliseconds(2500);
}
