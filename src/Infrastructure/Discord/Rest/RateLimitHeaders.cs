using System.Globalization;
using System.Net.Http.Headers;

namespace Arrakis.Infrastructure.Discord.Rest;

/// <summary>
/// Discord's X-RateLimit-* headers and Retry-After, read leniently: a header that is missing or not a number is
/// null, never an exception (some routes send none at all).
/// </summary>
internal sealed record RateLimitHeaders(
    string? Bucket,
    int? Limit,
    int? Remaining,
    TimeSpan? ResetAfter,
    DateTimeOffset? Reset,
    TimeSpan? RetryAfter,
    bool Global,
    string? Scope)
{
    /// <summary>Enough to know the bucket's state.</summary>
    public bool HasBucketState => Limit is not null && Remaining is not null && ResetAfter is not null;

    public bool HasAny => Bucket is not null || Limit is not null || Remaining is not null || ResetAfter is not null || RetryAfter is not null || Scope is not null;

    public static RateLimitHeaders Read(HttpResponseHeaders headers) => new(
        Text(headers, "X-RateLimit-Bucket"),
        Integer(headers, "X-RateLimit-Limit"),
        Integer(headers, "X-RateLimit-Remaining"),
        Seconds(headers, "X-RateLimit-Reset-After"),
        Seconds(headers, "X-RateLimit-Reset") is { } epoch ? DateTimeOffset.UnixEpoch + epoch : null,
        Seconds(headers, "Retry-After"),
        string.Equals(Text(headers, "X-RateLimit-Global"), "true", StringComparison.OrdinalIgnoreCase),
        Text(headers, "X-RateLimit-Scope")?.ToLowerInvariant());

    private static string? Text(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault()?.Trim() : null;

    private static int? Integer(HttpResponseHeaders headers, string name) =>
        int.TryParse(Text(headers, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0 ? value : null;

    /// <summary>Seconds with decimals (Discord sends milliseconds precision since v8).</summary>
    private static TimeSpan? Seconds(HttpResponseHeaders headers, string name) =>
        double.TryParse(Text(headers, name), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            && double.IsFinite(seconds) && seconds is >= 0 and < 1e10
            ? TimeSpan.FromSeconds(seconds) : null;
}
