using System.Globalization;

namespace Arrakis.Load.Bench;

/// <summary>
/// A target on one figure of a scenario, judged over its runs: on the median (a speed or a size), or on every run
/// (a count that must never appear, such as a 10062).
/// </summary>
/// <param name="Comparison"><c>&lt;</c>, <c>&lt;=</c> or <c>&gt;=</c>.</param>
public sealed record BenchTarget(string Figure, string Comparison, double Limit, bool EveryRun = false)
{
    public bool Met(IReadOnlyCollection<double> runs) =>
        runs.Count > 0 && (EveryRun ? runs.All(Holds) : Holds(Figures.Median(runs)));

    public bool Holds(double value) => Comparison switch
    {
        "<" => value < Limit,
        "<=" => value <= Limit,
        ">=" => value >= Limit,
        _ => throw new InvalidOperationException($"Unknown comparison '{Comparison}'."),
    };

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Figure} {Comparison} {Limit:G} ({(EveryRun ? "every run" : "median of runs")})");
}
