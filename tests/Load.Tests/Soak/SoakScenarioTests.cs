using System.Globalization;

namespace Arrakis.Load.Tests.Soak;

/// <summary>A very short soak: the samples and the CSV the plot is drawn from, and nothing lost on the way.</summary>
public sealed class SoakScenarioTests
{
    [Fact]
    public async Task ShortSoak_WritesASamplePerPeriod_WithRssAndCounts_AndLosesNothing()
    {
        var directory = Directory.CreateTempSubdirectory("arrakis-soak-").FullName;
        using var output = new StringWriter();

        await Arrakis.Load.Soak.SoakScenario.RunAsync(new Arguments(["--minutes", "0.25", "--sample-seconds", "5", "--rate", "40", "--out", directory]), output);

        var rows = (await File.ReadAllLinesAsync(Path.Combine(directory, "soak.csv"), TestContext.Current.CancellationToken)).Skip(1)
            .Select(line => line.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToList();
        Assert.InRange(rows.Count, 4, 6); // minute 0, every 5 s for 15 s, and the final sample
        Assert.All(rows, row => Assert.True(row[1] > 10, "an RSS in MB"));
        Assert.True(rows[^1][4] >= 500, $"handled {rows[^1][4]}");
        Assert.Contains(" 0 not done", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("doubled 0", output.ToString(), StringComparison.Ordinal);
    }
}
