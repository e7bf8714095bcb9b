using Arrakis.Load.Soak;

namespace Arrakis.Load.Tests.Soak;

/// <summary>The soak's "memory flat" verdict: a settled series passes, a slow leak and a late jump do not.</summary>
public sealed class MemoryVerdictTests
{
    [Fact]
    public void WarmUpThenFlat_IsFlat()
    {
        // 85 MB idle, up to about 128 MB in the first minutes, then noise of ±2 MB for 27 minutes.
        var samples = Series(minute => minute < 3 ? 85 + (minute * 14) : 128 + (minute % 3) - 1);

        var verdict = MemoryVerdict.From(samples);

        Assert.True(verdict.Flat, verdict.ToString());
    }

    [Fact]
    public void SlowLeak_OfHalfAMegabyteAMinute_IsNotFlat()
    {
        var samples = Series(minute => 120 + (minute * 0.5));

        var verdict = MemoryVerdict.From(samples);

        Assert.False(verdict.Flat, verdict.ToString());
        Assert.InRange(verdict.SlopeMbPerHour, 29, 31);
    }

    [Fact]
    public void LateJumpAboveTheWarmUpPeak_IsNotFlat_EvenWithALowSlope()
    {
        var samples = Series(minute => minute is >= 15 and <= 16 ? 150 : 120);

        var verdict = MemoryVerdict.From(samples);

        Assert.False(verdict.Flat, verdict.ToString());
    }

    private static List<SoakSample> Series(Func<int, double> rssAt) =>
        [.. Enumerable.Range(0, 31).Select(minute => new SoakSample(minute, rssAt(minute), 0, minute * 3000L, minute * 3000L, 0, 0, 0))];
}
