namespace Arrakis.Infrastructure.Messaging;

/// <summary>A queue the worker consumes, how many messages the broker may hand it at once, and how many it handles at once.</summary>
internal sealed record ConsumedQueue(string Name, ushort Prefetch, ushort Concurrency)
{
    /// <summary>Concurrency 0 means the prefetch; more than the prefetch could never be used.</summary>
    public static ConsumedQueue Of(string name, ushort prefetch, int concurrency) =>
        new(name, prefetch, (ushort)(concurrency is <= 0 || concurrency > prefetch ? prefetch : concurrency));
}
