using System.Globalization;

namespace Arrakis.Load.Soak;

/// <summary>
/// Whether memory stayed flat: after a warm-up (the first third of the run, when the JIT, pools and GC budgets settle),
/// the least-squares slope of RSS must stay under <see cref="MaxSlopeMbPerHour"/> and no late sample may exceed the
/// warm-up's highest by more than <see cref="MaxRiseMb"/>. A leak of a few hundred bytes per message fails both.
/// </summary>
public sealed record MemoryVerdict(double SlopeMbPerHour, double WarmPeakMb, double LatePeakMb, double FirstMb, double LastMb)
{
    public const double MaxSlopeMbPerHour = 10;
    public const double MaxRiseMb = 15;

    public bool Flat => SlopeMbPerHour < MaxSlopeMbPerHour && LatePeakMb - WarmPeakMb < MaxRiseMb;

    public static MemoryVerdict From(IReadOnlyList<SoakSample> samples)
    {
        var end = samples[^1].Minute;
        var warm = samples.Where(s => s.Minute <= end / 3).ToList();
        var late = samples.Where(s => s.Minute > end / 3).ToList();
        if (late.Count < 2)
        {
            late = [.. samples];
        }

        var meanX = late.Average(s => s.Minute);
        var meanY = late.Average(s => s.RssMb);
        var slopePerMinute = late.Sum(s => (s.Minute - meanX) * (s.RssMb - meanY)) / Math.Max(1e-9, late.Sum(s => (s.Minute - meanX) * (s.Minute - meanX)));
        return new MemoryVerdict(slopePerMinute * 60, warm.Count > 0 ? warm.Max(s => s.RssMb) : samples[0].RssMb, late.Max(s => s.RssMb), samples[0].RssMb, samples[^1].RssMb);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"RSS {FirstMb:F0} MB at start, {LastMb:F0} MB at the end, highest {WarmPeakMb:F0} MB in the first third and {LatePeakMb:F0} MB after, " +
        $"slope after the first third {SlopeMbPerHour:F1} MB/h: memory {(Flat ? "flat" : "NOT flat")} (limits {MaxSlopeMbPerHour} MB/h, +{MaxRiseMb} MB)");
}
