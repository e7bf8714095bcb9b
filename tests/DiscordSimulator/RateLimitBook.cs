using System.Diagnostics;

namespace Arrakis.DiscordSimulator;

/// <summary>Discord's limits as the simulator keeps them: fixed windows per (bucket hash, major parameter), a sliding 1 s window per bot token.</summary>
internal sealed class RateLimitBook(SimulatorOptions options)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Window> _buckets = [];
    private readonly Dictionary<string, Queue<long>> _global = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public long NowTicks => _clock.ElapsedTicks;

    public double NowMs => _clock.Elapsed.TotalMilliseconds;

    public void Clear()
    {
        lock (_gate)
        {
            _buckets.Clear();
            _global.Clear();
        }
    }

    /// <summary>Takes one request from the token's global window; false (and the wait) when it is full.</summary>
    public bool TryTakeGlobal(string token, out TimeSpan retryAfter)
    {
        lock (_gate)
        {
            var now = _clock.ElapsedTicks;
            var window = (long)(options.GlobalWindow.TotalSeconds * Stopwatch.Frequency);
            if (!_global.TryGetValue(token, out var times))
            {
                _global[token] = times = new Queue<long>();
            }

            while (times.Count > 0 && times.Peek() <= now - window)
            {
                times.Dequeue();
            }

            if (times.Count >= options.GlobalLimit)
            {
                retryAfter = TimeSpan.FromSeconds((double)(times.Peek() + window - now) / Stopwatch.Frequency);
                return false;
            }

            times.Enqueue(now);
            retryAfter = TimeSpan.Zero;
            return true;
        }
    }

    /// <summary>Takes one request from a bucket (or only reads it), and gives the headers Discord would send.</summary>
    public BucketState Take(string route, string hash, string major, bool spend)
    {
        lock (_gate)
        {
            var limit = options.MajorLimits.GetValueOrDefault(route + ":" + major)
                ?? options.RouteLimits.GetValueOrDefault(route)
                ?? options.DefaultLimit;
            var key = hash + "|" + major;
            var now = _clock.ElapsedTicks;
            if (!_buckets.TryGetValue(key, out var window) || now >= window.EndTicks)
            {
                window = new Window(now + (long)(limit.Period.TotalSeconds * Stopwatch.Frequency), 0);
            }

            var allowed = window.Count < limit.Limit;
            if (allowed && spend)
            {
                window = window with { Count = window.Count + 1 };
            }

            if (spend || _buckets.ContainsKey(key))
            {
                _buckets[key] = window;
            }

            var resetAfter = TimeSpan.FromSeconds((double)(window.EndTicks - now) / Stopwatch.Frequency);
            return new BucketState(hash, limit.Limit, Math.Max(0, limit.Limit - window.Count), resetAfter, DateTimeOffset.UtcNow + resetAfter, allowed);
        }
    }

    private sealed record Window(long EndTicks, int Count);
}

internal sealed record BucketState(string Hash, int Limit, int Remaining, TimeSpan ResetAfter, DateTimeOffset ResetAt, bool Allowed);
