using System.Collections.ObjectModel;

namespace Arrakis.Application.Abstractions.Messaging;

/// <summary>
/// A transport-neutral, read-only view of a message's structured data (an event's <c>data</c>, a command's
/// <c>options</c>). Values are <see cref="string"/>, <see cref="long"/>, <see cref="double"/>, <see cref="bool"/>,
/// <see cref="IReadOnlyList{T}"/> of values, nested <see cref="Payload"/>, or null.
/// </summary>
public sealed class Payload
{
    public static readonly Payload Empty = new(new Dictionary<string, object?>(StringComparer.Ordinal));

    private readonly IReadOnlyDictionary<string, object?> _values;

    public Payload(IDictionary<string, object?> values) =>
        _values = new ReadOnlyDictionary<string, object?>(values);

    public IEnumerable<string> Names => _values.Keys;

    public int Count => _values.Count;

    public bool Contains(string name) => _values.ContainsKey(name);

    public object? this[string name] => _values.TryGetValue(name, out var value) ? value : null;

    public string? GetString(string name) => this[name] as string;

    public long? GetInt64(string name) => this[name] switch
    {
        long l => l,
        double d when d == Math.Floor(d) && d is >= long.MinValue and <= long.MaxValue => (long)d,
        _ => null,
    };

    public bool? GetBoolean(string name) => this[name] as bool?;

    public Payload? GetObject(string name) => this[name] as Payload;

    /// <summary>The strings of an array value; empty when absent or not an array of strings.</summary>
    public IReadOnlyList<string> GetStrings(string name) =>
        this[name] is IReadOnlyList<object?> list ? list.OfType<string>().ToArray() : [];
}
