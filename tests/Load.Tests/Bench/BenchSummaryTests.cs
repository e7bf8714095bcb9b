using Arrakis.Load.Bench;

namespace Arrakis.Load.Tests.Bench;

/// <summary>The summary is what bench.sh's exit code and the docs' tables come from: it must judge targets as stated.</summary>
public sealed class BenchSummaryTests
{
    [Fact]
    public void Summary_JudgesAMedianTargetOnTheMedian_AndAnEveryRunTargetOnEachRun()
    {
        var runs = new[] { Run(8, 0), Run(12, 0), Run(9, 1) };

        var (markdown, allMet) = BenchSummary.Summarise(runs);

        Assert.False(allMet);
        Assert.Contains("| p99_ms | 9 (8–12) |", markdown, StringComparison.Ordinal);
        Assert.Contains("p99_ms < 10 (median of runs): **met**", markdown, StringComparison.Ordinal);
        Assert.Contains("late_10062 <= 0 (every run): **MISSED**", markdown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.4375, "0.44")]
    [InlineData(2.6, "2.6")]
    [InlineData(7027.94, "7027.9")]
    [InlineData(200, "200")]
    [InlineData(double.NaN, "n/a")]
    public void Figures_ShowTwoDecimalsBelowTen_SoARatioIsReadable(double value, string shown) =>
        Assert.Equal(shown, BenchResult.Format(value));

    [Fact]
    public async Task Result_RoundTripsThroughJson_WithItsTargets()
    {
        var path = Path.Combine(Path.GetTempPath(), $"arrakis-bench-{Guid.NewGuid():N}.json");
        var run = Run(8, 0);
        run["not_measured"] = double.NaN;

        await run.WriteAsync(path);
        var read = await BenchResult.ReadAsync(path);
        File.Delete(path);

        Assert.Equal(8, read["p99_ms"]);
        Assert.True(double.IsNaN(read["not_measured"]));
        Assert.Equal(run.Targets, read.Targets);
        Assert.True(read.TargetsMet);
    }

    private static BenchResult Run(double p99, double late)
    {
        var result = new BenchResult
        {
            Label = "latency-500",
            Targets = { new BenchTarget("p99_ms", "<", 10), new BenchTarget("late_10062", "<=", 0, EveryRun: true) },
        };
        result["p99_ms"] = p99;
        result["late_10062"] = late;
        return result;
    }
}
