using System.Text;

namespace Arrakis.Load.Bench;

/// <summary>
/// <c>bench summary --dir runs [--out summary.md]</c>: the runs' JSON files grouped by label; each figure as the
/// median of its runs with the min–max spread; each target judged over the runs. Exit code 1 when one is missed.
/// </summary>
public static class BenchSummary
{
    public static async Task<int> RunAsync(Arguments args, TextWriter output)
    {
        var directory = args.Text("dir", Path.Combine("artifacts", "bench", "runs"));
        var results = new List<BenchResult>();
        foreach (var file in Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            results.Add(await BenchResult.ReadAsync(file));
        }

        var (markdown, allMet) = Summarise(results);
        if (args.Text("out", "") is { Length: > 0 } path)
        {
            await File.WriteAllTextAsync(path, markdown);
        }

        output.Write(markdown);
        return allMet ? 0 : 1;
    }

    public static (string Markdown, bool AllMet) Summarise(IReadOnlyList<BenchResult> results)
    {
        var text = new StringBuilder();
        var allMet = true;
        foreach (var group in results.GroupBy(r => r.Label).OrderBy(g => g.Min(r => r.StartedAt)))
        {
            var runs = group.ToList();
            text.Append("### ").Append(group.Key).Append(" (").Append(runs.Count).AppendLine(runs.Count == 1 ? " run)" : " runs)");
            text.AppendLine().AppendLine(runs[0].Note).AppendLine();
            text.AppendLine("| figure | median (min–max) |").AppendLine("|---|---|");
            foreach (var figure in runs.SelectMany(r => r.Figures.Keys).Distinct())
            {
                var values = Values(runs, figure);
                text.Append("| ").Append(figure).Append(" | ").Append(Spread(values)).AppendLine(" |");
            }

            text.AppendLine();
            foreach (var target in runs[0].Targets)
            {
                var met = target.Met(Values(runs, target.Figure));
                allMet &= met;
                text.Append("- target ").Append(target).Append(": **").Append(met ? "met" : "MISSED").AppendLine("**");
            }

            text.AppendLine();
        }

        return (text.ToString(), allMet);
    }

    private static List<double> Values(List<BenchResult> runs, string figure) =>
        [.. runs.Select(r => r.Figures.GetValueOrDefault(figure, double.NaN)).Where(v => !double.IsNaN(v))];

    private static string Spread(List<double> values) =>
        values.Count == 0 ? "n/a"
        : values.Count == 1 ? BenchResult.Format(values[0])
        : $"{BenchResult.Format(Figures.Median(values))} ({BenchResult.Format(values.Min())}–{BenchResult.Format(values.Max())})";
}
