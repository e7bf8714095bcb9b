using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Arrakis.Infrastructure.Discord.RateLimiting;

/// <summary>
/// Counts 401, 403 and non-shared 429 answers over a sliding 10 minutes (60 ten-second slots in Redis, shared by
/// the workers), and stops bot-token requests at DISCORD_INVALID_REQUEST_LIMIT, before Cloudflare's 10,000 ban.
/// </summary>
internal sealed partial class InvalidRequestGuard(
    IConnectionMultiplexer redis,
    DiscordRedisKeys keys,
    IOptions<DiscordOptions> options,
    TimeProvider time,
    ILogger<InvalidRequestGuard> logger)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan Slot = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(1);
    private static readonly int Slots = (int)(Window / Slot);

    private int _count;
    private long _refreshedAt = long.MinValue / 2;

    public int Count => Volatile.Read(ref _count);

    public int Limit => options.Value.InvalidRequestLimit;

    /// <summary>A fifth of the limit: worth a warning and a degraded health.</summary>
    public int WarningThreshold => Math.Max(1, Limit / 5);

    public bool IsTripped => Count >= Limit;

    public async ValueTask<bool> IsTrippedAsync()
    {
        if (time.GetTimestamp() - Interlocked.Read(ref _refreshedAt) > RefreshEvery.TotalSeconds * time.TimestampFrequency)
        {
            await RefreshAsync();
        }

        return IsTripped;
    }

    public async Task RecordAsync(int status)
    {
        var before = Count;
        var key = keys.InvalidRequests(CurrentSlot());
        var database = redis.GetDatabase();
        await database.StringIncrementAsync(key);
        await database.KeyExpireAsync(key, Window + Slot);
        await RefreshAsync();
        var after = Count;
        if (before < Limit && after >= Limit)
        {
            LogTripped(logger, after, Limit);
        }
        else if (before < WarningThreshold && after >= WarningThreshold)
        {
            LogWarning(logger, after, status, Limit);
        }
    }

    public async Task RefreshAsync()
    {
        var slot = CurrentSlot();
        var slotKeys = Enumerable.Range(0, Slots).Select(i => keys.InvalidRequests(slot - i)).ToArray();
        var values = await redis.GetDatabase().StringGetAsync(slotKeys);
        Volatile.Write(ref _count, values.Sum(v => v.TryParse(out int n) ? n : 0));
        Interlocked.Exchange(ref _refreshedAt, time.GetTimestamp());
    }

    private long CurrentSlot() => time.GetUtcNow().ToUnixTimeSeconds() / (long)Slot.TotalSeconds;

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} invalid Discord requests (401/403/429) in 10 minutes, the latest a {Status}; bot requests stop at {Limit}")]
    private static partial void LogWarning(ILogger logger, int count, int status, int limit);

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Count} invalid Discord requests in 10 minutes: bot requests stop (limit {Limit}) until the count falls")]
    private static partial void LogTripped(ILogger logger, int count, int limit);
}
