namespace Arrakis.DiscordSimulator.Tests;

/// <summary>The system clock moved forward on demand (timers stay real, so real waits still work).</summary>
internal sealed class ShiftedTimeProvider : TimeProvider
{
    private long _shiftTicks;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _shiftTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _shiftTicks));

    public override long GetTimestamp() =>
        System.GetTimestamp() + (long)(Interlocked.Read(ref _shiftTicks) / (double)TimeSpan.TicksPerSecond * TimestampFrequency);
}
