using System.Diagnostics;

namespace Arrakis.Load.Bench;

/// <summary>
/// Times a worker process's drain from outside: /health's settled count. Each reading is the exact count at its
/// time, so the rate between the first reading that shows a message settled and the first that shows all of them
/// is off by at most one interval (plus one local HTTP round trip) at each end. Readings come every
/// <see cref="Interval"/> until the first message is settled and again as the next mark (half, then all) nears;
/// between, they come less often (at most <see cref="Coarse"/> apart): each reading costs the worker and the load
/// tool processor time on the cores the drain runs on, about 10 µs per message of a drain read every 5 ms.
/// </summary>
public static class HealthWatch
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(5);

    public static readonly TimeSpan Coarse = TimeSpan.FromMilliseconds(50);

    /// <summary>Messages per second settled between the first reading above zero and the first at <paramref name="expected"/>; null on timeout.</summary>
    public static async Task<DrainTiming?> DrainAsync(WorkerProcess worker, long expected, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        long firstAt = 0, firstCount = 0, halfAt = 0, halfCount = 0;
        var firstCpu = TimeSpan.Zero;
        var wait = Interval;
        while (waited.Elapsed < timeout && !worker.HasExited)
        {
            var counts = await worker.CountsAsync();
            var now = Stopwatch.GetTimestamp();
            if (counts is { Settled: > 0 } seen)
            {
                if (firstAt == 0)
                {
                    (firstAt, firstCount, firstCpu) = (now, seen.Settled, worker.CpuTime);
                }

                if (halfAt == 0 && seen.Settled >= expected / 2)
                {
                    (halfAt, halfCount) = (now, seen.Settled);
                }

                if (seen.Settled >= expected)
                {
                    return new DrainTiming(
                        Stopwatch.GetElapsedTime(firstAt, now), seen.Settled - firstCount, firstCount,
                        (seen.Settled - halfCount) / Stopwatch.GetElapsedTime(halfAt, now).TotalSeconds,
                        worker.CpuTime - firstCpu);
                }

                wait = NextWait(seen.Settled - firstCount, Stopwatch.GetElapsedTime(firstAt, now), (halfAt == 0 ? expected / 2 : expected) - seen.Settled);
            }

            await Task.Delay(wait);
        }

        return null;
    }

    /// <summary>Half the time the next mark is still away at the rate so far, between <see cref="Interval"/> and <see cref="Coarse"/>.</summary>
    private static TimeSpan NextWait(long settledSinceFirst, TimeSpan sinceFirst, long toNextMark)
    {
        if (settledSinceFirst <= 0 || sinceFirst <= TimeSpan.Zero)
        {
            return Interval;
        }

        var away = TimeSpan.FromSeconds(toNextMark / (settledSinceFirst / sinceFirst.TotalSeconds));
        return TimeSpan.FromTicks(Math.Clamp(away.Ticks / 2, Interval.Ticks, Coarse.Ticks));
    }
}

/// <summary>
/// <paramref name="Counted"/> messages settled in <paramref name="Elapsed"/>, after <paramref name="Before"/> seen at the
/// first reading; <paramref name="SecondHalfPerSecond"/>: the rate from the reading at half the messages to the end;
/// <paramref name="Cpu"/>: the processor time the worker process used meanwhile (user and system, all threads).
/// </summary>
public sealed record DrainTiming(TimeSpan Elapsed, long Counted, long Before, double SecondHalfPerSecond, TimeSpan Cpu)
{
    public double PerSecond => Counted / Elapsed.TotalSeconds;

    /// <summary>Processor time per message: unlike the rate, it hardly depends on what else the shared machine runs.</summary>
    public double CpuMicrosecondsPerMessage => Cpu.TotalMicroseconds / Counted;
}
