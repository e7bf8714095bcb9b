namespace Arrakis.Benchmarks.Discord;

/// <summary>One run: <see cref="Total"/> role assignments spread evenly over <see cref="Guilds"/> guilds.</summary>
internal sealed record BenchmarkCase(string Name, int Guilds, int Total, int BucketPerSecond, int GlobalPerSecond)
{
    /// <summary>
    /// The fastest any client could finish without a 429: windows of one second, so n requests at r per
    /// window need ceil(n / r) windows, the last starting (ceil(n / r) - 1) seconds after the first.
    /// </summary>
    public double MinimumSeconds => Math.Max(
        Math.Ceiling((double)Total / Guilds / BucketPerSecond) - 1,
        Math.Ceiling((double)Total / GlobalPerSecond) - 1);
}
