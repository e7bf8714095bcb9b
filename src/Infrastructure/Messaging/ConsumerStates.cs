using System.Collections.Concurrent;

namespace Arrakis.Infrastructure.Messaging;

/// <summary>Which queue consumers are subscribed right now: health is not ready until all of them are.</summary>
public sealed class ConsumerStates
{
    private readonly ConcurrentDictionary<string, bool> _consuming = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, bool> Snapshot => _consuming.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    public bool AllConsuming => !_consuming.IsEmpty && _consuming.Values.All(v => v);

    internal void Expect(string queue) => _consuming.TryAdd(queue, false);

    internal void Set(string queue, bool consuming) => _consuming[queue] = consuming;
}
