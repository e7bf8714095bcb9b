using System.Diagnostics;

namespace Arrakis.Load.Bench;

/// <summary>
/// Times a worker process's drain from outside: /health's settled count, read every <see cref="Interval"/>. Each
/// reading is the exact count at its time, so the rate between the first reading that shows a message settled and
/// the first that shows all of them is off by at most one interval (plus one local HTTP round trip) at each end.
/// </summary>
public static class HealthWatch
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(5);

    /// <summary>Messages per second settled between the first reading above zero and the first at <paramref name="expected"/>; null on timeout.</summary>
    public static async Task<DrainTiming?> DrainAsync(WorkerProcess worker, long expected, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        long firstAt = 0, firstCount = 0, halfAt = 0, halfCount = 0;
        var firstCpu = TimeSpan.Zero;
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
            }

            await Task.Delay(Interval);
        }

        return null;
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
