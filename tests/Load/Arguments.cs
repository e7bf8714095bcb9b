using System.Globalization;

namespace Arrakis.Load;

/// <summary><c>--name value</c> pairs after the command's name, with typed reads and defaults.</summary>
public sealed class Arguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public Arguments(IEnumerable<string> args)
    {
        var rest = new Queue<string>(args);
        while (rest.TryDequeue(out var name))
        {
            if (!name.StartsWith("--", StringComparison.Ordinal))
            {
                Positional.Add(name);
                continue;
            }

            _values[name[2..]] = rest.TryPeek(out var next) && !next.StartsWith("--", StringComparison.Ordinal) ? rest.Dequeue() : "true";
        }
    }

    public List<string> Positional { get; } = [];

    public string Text(string name, string fallback) => _values.GetValueOrDefault(name, fallback);

    public int Whole(string name, int fallback) => _values.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    public double Number(string name, double fallback) => _values.TryGetValue(name, out var text) ? double.Parse(text, CultureInfo.InvariantCulture) : fallback;

    public bool Flag(string name) => _values.ContainsKey(name);

    /// <summary>
    /// <c>--env NAME=value,NAME=value</c>: settings of the worker process changed from their defaults for an
    /// experiment (bench and soak); they are recorded with the run so a figure never hides them.
    /// </summary>
    public Dictionary<string, string> WorkerEnvironment() =>
        Text("env", "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair.Length > 1 ? pair[1] : "", StringComparer.Ordinal);
}
