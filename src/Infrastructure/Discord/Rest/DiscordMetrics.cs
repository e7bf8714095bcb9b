using System.Diagnostics.Metrics;

namespace Arrakis.Infrastructure.Discord.Rest;

/// <summary>
/// The Discord client's instruments on the "Arrakis.Discord" meter (docs/telemetry.md). Tags are the route template and
/// Discord's opaque bucket hash: never a path, whose values can hold an interaction token.
/// </summary>
internal static class DiscordMetrics
{
    public const string MeterName = "Arrakis.Discord";
    public const string Requests = "arrakis.discord.requests";
    public const string RateLimited = "arrakis.discord.rate_limited";
    public const string LimiterWait = "arrakis.discord.ratelimit.wait";
    public const string AcknowledgementLatency = "arrakis.interactions.ack.latency";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> RequestCounter = Meter.CreateCounter<long>(
        Requests, "{request}", "Answers received from Discord, by route template, status code and bucket.");

    private static readonly Counter<long> RateLimitedCounter = Meter.CreateCounter<long>(
        RateLimited, "{response}", "429 answers from Discord, by route template, bucket and scope.");

    private static readonly Histogram<double> LimiterWaitHistogram = Meter.CreateHistogram<double>(
        LimiterWait, "s", "Time a request waited for its bucket and the global limit (shared in Redis) before it was sent.");

    private static readonly Histogram<double> AcknowledgementHistogram = Meter.CreateHistogram<double>(
        AcknowledgementLatency, "s", "From an interaction's creation (its snowflake) to Discord accepting its initial response.");

    public static void Answered(DiscordRoute route, int status, string? bucket) =>
        RequestCounter.Add(1, Route(route), Method(route), new("http.response.status_code", status), Bucket(bucket));

    public static void Throttled(DiscordRoute route, string? bucket, string scope) =>
        RateLimitedCounter.Add(1, Route(route), Bucket(bucket), new("discord.ratelimit.scope", scope));

    public static void Waited(DiscordRoute route, TimeSpan waited) =>
        LimiterWaitHistogram.Record(waited.TotalSeconds, Route(route), Method(route));

    /// <param name="responseType">reply, deferred-reply, deferred-update, update, autocomplete, modal.</param>
    public static void Acknowledged(string responseType, TimeSpan sinceCreation) =>
        AcknowledgementHistogram.Record(sinceCreation.TotalSeconds, new KeyValuePair<string, object?>("arrakis.response.type", responseType));

    private static KeyValuePair<string, object?> Route(DiscordRoute route) => new("http.route", "/" + route.Template);

    private static KeyValuePair<string, object?> Method(DiscordRoute route) => new("http.request.method", route.Method);

    private static KeyValuePair<string, object?> Bucket(string? bucket) => new("discord.bucket", bucket ?? "none");
}
