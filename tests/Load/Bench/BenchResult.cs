using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Arrakis.Load.Bench;

/// <summary>
/// One run of one scenario: its figures by name (in the order they were added), its targets, and a note. Written as
/// JSON per run; <see cref="BenchSummary"/> reads them back to give medians and spreads.
/// </summary>
public sealed class BenchResult
{
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The scenario and its variant, e.g. <c>latency-500</c>: runs with the same label are summarised together.</summary>
    public required string Label { get; init; }

    public DateTimeOffset StartedAt { get; init; } = DateTimeOffset.UtcNow;

    public Dictionary<string, double> Figures { get; init; } = [];

    public List<BenchTarget> Targets { get; init; } = [];

    /// <summary>What the run's settings were, in words (rate, counts, what is excluded).</summary>
    public string Note { get; set; } = "";

    public double this[string figure]
    {
        get => Figures[figure];
        set => Figures[figure] = value;
    }

    public bool TargetsMet => Targets.All(t => t.Holds(Figures.GetValueOrDefault(t.Figure, double.NaN)));

    /// <summary>p50, p99 and max of sorted latencies in ms, and their count, under <paramref name="prefix"/>.</summary>
    public void AddLatencies(string prefix, IReadOnlyList<double> sorted)
    {
        Figures[prefix + "_count"] = sorted.Count;
        Figures[prefix + "_p50_ms"] = Load.Figures.Percentile(sorted, 0.5);
        Figures[prefix + "_p99_ms"] = Load.Figures.Percentile(sorted, 0.99);
        Figures[prefix + "_max_ms"] = sorted.Count == 0 ? double.NaN : sorted[^1];
    }

    /// <summary>One line: the label, then every figure.</summary>
    public string Line() => $"{Label}: " + string.Join(", ", Figures.Select(f => $"{f.Key} {Format(f.Value)}")) + (TargetsMet ? "" : "  [TARGET MISSED]");

    public async Task WriteAsync(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, this, Json);
    }

    public static async Task<BenchResult> ReadAsync(string path)
    {
        await using var file = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<BenchResult>(file, Json) ?? throw new InvalidDataException($"{path}: empty.");
    }

    /// <summary>Whole numbers as they are, others to one decimal; below 10, to two where it shows (a ratio of 0.44, not 0.4).</summary>
    public static string Format(double value) =>
        double.IsNaN(value) ? "n/a"
        : value == Math.Floor(value) && Math.Abs(value) < 1e12 ? value.ToString("F0", CultureInfo.InvariantCulture)
        : value.ToString(Math.Abs(value) < 10 ? "0.0#" : "F1", CultureInfo.InvariantCulture);
}
