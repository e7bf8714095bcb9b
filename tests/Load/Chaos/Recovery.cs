using System.Diagnostics;

namespace Arrakis.Load.Chaos;

/// <summary>How long after a service came back the worker answered /health/ready again, and handled a message again.</summary>
public sealed record Recovery(TimeSpan? Ready, TimeSpan? Consuming)
{
    /// <summary>Polls from now (every 25 ms, bounded by <paramref name="timeout"/>).</summary>
    public static async Task<Recovery> MeasureAsync(WorkerProcess worker, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var handledBefore = (await worker.CountsAsync())?.Handled ?? 0;
        TimeSpan? ready = null;
        TimeSpan? consuming = null;
        while ((ready is null || consuming is null) && clock.Elapsed < timeout && !worker.HasExited)
        {
            if (ready is null && await worker.IsReadyAsync())
            {
                ready = clock.Elapsed;
            }

            if (consuming is null && (await worker.CountsAsync())?.Handled > handledBefore)
            {
                consuming = clock.Elapsed;
            }

            await Task.Delay(25);
        }

        return new Recovery(ready, consuming);
    }

    public static string Ms(TimeSpan? time) => time is { } t ? t.TotalMilliseconds.ToString("F0", System.Globalization.CultureInfo.InvariantCulture) + " ms" : "never";
}
