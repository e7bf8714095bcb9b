using System.Collections.Concurrent;
using Arrakis.Infrastructure.Discord.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Arrakis.Infrastructure.Discord.RateLimiting;

/// <summary>
/// Discord's limits kept in Redis for every worker that shares the bot token: per-bucket state learnt from
/// X-RateLimit-* headers, the global requests-per-second window, and pauses (global 429, edge ban, revoked token).
/// </summary>
internal sealed partial class RedisRateLimiter(
    IConnectionMultiplexer redis,
    DiscordRedisKeys keys,
    IOptions<DiscordOptions> options,
    ILogger<RedisRateLimiter> logger) : IDisposable
{
    /// <summary>A first request to an unknown bucket holds it this long at most, if its answer never comes.</summary>
    private static readonly TimeSpan LearningLock = TimeSpan.FromSeconds(5);

    /// <summary>Idle buckets disappear from Redis this long after their reset.</summary>
    private static readonly TimeSpan BucketTtl = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan RouteTtl = TimeSpan.FromDays(1);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    private readonly ConcurrentDictionary<string, string> _hashes = new(StringComparer.Ordinal);

    // Only one task per process polls a full global window at a time; the others queue here instead of Redis.
    private readonly SemaphoreSlim _globalLane = new(1, 1);
    private long _bannedUntilTicks;
    private volatile bool _revoked;

    private DiscordOptions Options => options.Value;

    private long GlobalWindowMs => (long)(TimeSpan.FromSeconds(1) + Options.GlobalWindowMargin).TotalMilliseconds;

    public bool IsRevoked => _revoked;

    public DateTimeOffset? BannedUntil =>
        Interlocked.Read(ref _bannedUntilTicks) is var ticks && ticks > DateTimeOffset.UtcNow.UtcTicks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    public async Task<RateLimitLease> AcquireAsync(DiscordRequest request, CancellationToken cancellationToken)
    {
        var routeKey = request.RouteKey();
        var major = request.MajorParameter();
        var useGlobal = request.Route.UsesBotToken;
        var member = useGlobal ? Guid.NewGuid().ToString("N") : null;
        var routeBucket = keys.Bucket(routeKey, major);
        await LoadHashAsync(routeKey);
        var inLane = false;
        try
        {
            while (true)
            {
                // Read the hash each time: a request waiting here moves when its route learns a new bucket (here or
                // in another worker, whose answer stored it in Redis).
                await LoadHashAsync(routeKey);
                var bucket = _hashes.TryGetValue(routeKey, out var hash) ? keys.Bucket(hash, major) : routeBucket;
                var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(
                    RateLimitScripts.Acquire,
                    [bucket, keys.Global, keys.GlobalPause, keys.Revoked, routeBucket, keys.Route(routeKey)],
                    [useGlobal ? 1 : 0, Options.GlobalRateLimit, GlobalWindowMs,
                        member ?? "", (long)LearningLock.TotalMilliseconds, (long)BucketTtl.TotalMilliseconds]))!;
                var reason = (int)result[0];
                var wait = TimeSpan.FromMilliseconds((long)result[1]);
                switch (reason)
                {
                    case 0:
                        return new RateLimitLease(routeKey, major, routeBucket, bucket, member);
                    case 5:
                        _revoked = true;
                        return RateLimitLease.Revoked;
                    case 4:
                        if (!inLane)
                        {
                            await _globalLane.WaitAsync(cancellationToken);
                            inLane = true;
                            continue; // the window may have moved while this task queued
                        }

                        await Task.Delay(wait, cancellationToken);
                        continue;
                }

                if (inLane)
                {
                    _globalLane.Release();
                    inLane = false;
                }

                await Task.Delay(reason == 2 && wait > PollInterval ? PollInterval : wait + Options.ResetMargin, cancellationToken);
            }
        }
        finally
        {
            if (inLane)
            {
                _globalLane.Release();
            }
        }
    }

    /// <summary>Records what an answer said about its bucket (and, for a 429 of the user scope, locks the bucket until retry_after).</summary>
    public async Task ObserveAsync(RateLimitLease lease, int status, RateLimitHeaders headers, TimeSpan retryAfter)
    {
        var kind = status == 429 && headers.Scope is null or "user" && !headers.Global && headers.Remaining is null or 0
            ? "limited"
            : headers.HasBucketState ? "headers"
            // Only a success without headers says the route is unlimited; an edge error (a 502 page) says nothing.
            : status is >= 200 and < 300 && !headers.HasAny ? "none"
            : "release";
        var bucket = lease.BucketKey;
        if (headers.Bucket is { Length: > 0 } hash && kind is "headers" or "limited")
        {
            if (!_hashes.TryGetValue(lease.RouteKey, out var known) || known != hash)
            {
                _hashes[lease.RouteKey] = hash;
                LogBucketLearnt(logger, lease.RouteKey, hash);
            }

            bucket = keys.Bucket(hash, lease.Major);
        }

        await redis.GetDatabase().ScriptEvaluateAsync(
            RateLimitScripts.Observe,
            [lease.RouteBucketKey, bucket, keys.Route(lease.RouteKey), keys.Global],
            [kind, headers.Bucket ?? "", headers.Limit ?? 1, headers.Remaining ?? 0, Milliseconds(headers.ResetAfter ?? retryAfter),
                headers.Reset is { } reset ? reset.ToUnixTimeMilliseconds() : -1, (long)BucketTtl.TotalMilliseconds,
                Milliseconds(retryAfter), (long)RouteTtl.TotalMilliseconds, lease.GlobalMember ?? "", GlobalWindowMs]);
    }

    /// <summary>The request was never sent (or its answer never came): free the bucket it was learning and its global slot.</summary>
    public async Task ReleaseAsync(RateLimitLease lease, bool sent)
    {
        var database = redis.GetDatabase();
        await database.ScriptEvaluateAsync(RateLimitScripts.Observe, [lease.RouteBucketKey, lease.BucketKey, keys.Route(lease.RouteKey), keys.Global],
            ["release", "", 1, 0, 0, -1, 0, 0, 0, sent ? lease.GlobalMember ?? "" : "", GlobalWindowMs]);
        if (!sent && lease.GlobalMember is { } member)
        {
            await database.SortedSetRemoveAsync(keys.Global, member);
        }
    }

    /// <summary>A global 429: every worker's bot-token requests wait this long.</summary>
    public Task PauseGlobalAsync(TimeSpan duration) =>
        redis.GetDatabase().StringSetAsync(keys.GlobalPause, "429", duration + Options.ResetMargin);

    /// <summary>Discord's edge answered with a ban page: nothing is sent for a while, from any worker.</summary>
    public async Task BanAsync()
    {
        Interlocked.Exchange(ref _bannedUntilTicks, (DateTimeOffset.UtcNow + Options.BanPause).UtcTicks);
        LogBanned(logger, Options.BanPause.TotalSeconds);
        await redis.GetDatabase().StringSetAsync(keys.GlobalPause, "ban", Options.BanPause);
    }

    /// <summary>Discord refused the bot token: bot-token requests stop everywhere until the worker gets a new one.</summary>
    public async Task RevokeAsync()
    {
        _revoked = true;
        LogRevoked(logger);
        await redis.GetDatabase().StringSetAsync(keys.Revoked, "401", TimeSpan.FromHours(1));
    }

    public void Dispose() => _globalLane.Dispose();

    private async Task LoadHashAsync(string routeKey)
    {
        if (!_hashes.ContainsKey(routeKey) && await redis.GetDatabase().StringGetAsync(keys.Route(routeKey)) is { HasValue: true } stored)
        {
            _hashes.TryAdd(routeKey, stored.ToString());
        }
    }

    private static long Milliseconds(TimeSpan value) => (long)Math.Ceiling(value.TotalMilliseconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Discord route {Route} uses bucket {Bucket}")]
    private static partial void LogBucketLearnt(ILogger logger, string route, string bucket);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Discord's edge is blocking this IP; no request is sent for {Seconds} s")]
    private static partial void LogBanned(ILogger logger, double seconds);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Discord rejected the bot's credentials (401); bot requests stop until the worker restarts with valid ones")]
    private static partial void LogRevoked(ILogger logger);
}
