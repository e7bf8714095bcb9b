namespace Arrakis.Load;

/// <summary>Percentiles, medians and spreads, computed one way for every scenario.</summary>
public static class Figures
{
    /// <summary>The nearest-rank percentile of sorted values (p in 0..1); NaN when there are none.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN
            : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2]
            : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>"median (min–max)" of several runs' values, formatted with <paramref name="format"/>.</summary>
    public static string MedianWithSpread(IReadOnlyCollection<double> values, string format = "F1") =>
        values.Count == 0 ? "n/a" : string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{Median(values).ToString(format, System.Globalization.CultureInfo.InvariantCulture)} ({values.Min().ToString(format, System.Globalization.CultureInfo.InvariantCulture)}–{values.Max().ToString(format, System.Globalization.CultureInfo.InvariantCulture)})");

    public static double Megabytes(long bytes) => bytes / 1024.0 / 1024.0;
}
