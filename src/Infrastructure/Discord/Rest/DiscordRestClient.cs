using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Arrakis.Application.Abstractions.Discord;
using Arrakis.Infrastructure.Discord.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Arrakis.Infrastructure.Discord.Rest;

/// <summary>
/// Sends one request to Discord the way Discord asks: waits for its bucket and the global limit (shared in
/// Redis), sends the bot token only where it is needed, honours 429s by scope, counts invalid answers, and
/// retries transient failures a bounded number of times when repeating is safe.
/// </summary>
internal sealed partial class DiscordRestClient(
    IHttpClientFactory httpClients,
    RedisRateLimiter limiter,
    InvalidRequestGuard guard,
    IOptions<DiscordOptions> options,
    TimeProvider time,
    ILogger<DiscordRestClient> logger)
{
    public const string HttpClientName = "discord";

    /// <summary>Discord requires "DiscordBot ($url, $versionNumber)"; other agents may be blocked by its edge.</summary>
    public const string UserAgent = "DiscordBot (https://github.com/arrakis/worker, 1.0)";

    /// <summary>Traces name the route template and the guild or channel, never a path with a token in it.</summary>
    public static readonly ActivitySource Tracing = new("Arrakis.Discord");

    private DiscordOptions Options => options.Value;

    public async Task<DiscordResponse> SendAsync(DiscordRequest request, CancellationToken cancellationToken)
    {
        using var activity = Tracing.StartActivity("discord " + request.Route, ActivityKind.Client);
        activity?.SetTag("http.request.method", request.Route.Method);
        activity?.SetTag("http.route", "/" + request.Route.Template);
        DiscordResponse response;
        try
        {
            response = await SendCoreAsync(request, cancellationToken);
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            // Without the shared limits the worker could not know it stays within them: fail, and let the message retry.
            response = Fail(request, DiscordErrors.Local(DiscordFailure.ConnectionFailed, "The shared rate limiter (Redis) is unavailable: " + ex.GetType().Name, true));
        }

        activity?.SetTag("http.response.status_code", response.Status);
        if (response.Error is { } error)
        {
            activity?.SetTag("discord.error.code", error.Code);
            activity?.SetStatus(ActivityStatusCode.Error, error.Kind.ToString());
        }

        return response;
    }

    private async Task<DiscordResponse> SendCoreAsync(DiscordRequest request, CancellationToken cancellationToken)
    {
        var route = request.Route;
        var deadline = request.Deadline ?? time.GetUtcNow() + Options.RequestTimeout;
        var remaining = deadline - time.GetUtcNow();
        if (remaining <= TimeSpan.Zero)
        {
            return Fail(request, route.IsCallback
                ? DiscordErrors.Local(DiscordFailure.UnknownInteraction, "The interaction's 3 s window had passed; nothing was sent.", false, DiscordError.UnknownInteraction)
                : DiscordErrors.Local(DiscordFailure.Timeout, "The request's deadline had passed; nothing was sent.", true));
        }

        // Two clocks: the request's own deadline, and that or the caller's cancellation. The caller may stop a
        // request while it waits (limiter, backoff: nothing in flight), but a change already sent is read to its end
        // (bounded by the deadline and the attempt timeout): it may have happened, and the caller records what
        // Discord accepted only if it learns of it (ADR 0075); abandoned, a retry repeated it. A read just stops.
        using var ownDeadline = new CancellationTokenSource(remaining);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, ownDeadline.Token);
        var inFlight = route.Method == "GET" ? timeout.Token : ownDeadline.Token;
        var transientRetries = 0;
        var rateLimitRetries = 0;
        while (true)
        {
            if (limiter.BannedUntil is not null || (route.UsesBotToken && (limiter.IsRevoked || await guard.IsTrippedAsync())))
            {
                return Fail(request, Blocked(route));
            }

            RateLimitLease? lease = null;
            HttpResponseMessage response;
            try
            {
                // Callbacks skip the limiter: they have their own per-interaction limit, are exempt from the
                // global one, and must not wait behind anything inside their 3 s window.
                if (!route.IsCallback)
                {
                    var waiting = time.GetTimestamp();
                    lease = await limiter.AcquireAsync(request, timeout.Token);
                    DiscordMetrics.Waited(route, time.GetElapsedTime(waiting));
                    if (ReferenceEquals(lease, RateLimitLease.Revoked))
                    {
                        return Fail(request, Blocked(route));
                    }
                }

                using var message = Build(request);
                cancellationToken.ThrowIfCancellationRequested();
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(inFlight);
                attempt.CancelAfter(Options.AttemptTimeout);
                response = await httpClients.CreateClient(HttpClientName).SendAsync(message, HttpCompletionOption.ResponseContentRead, attempt.Token);
            }
            catch (OperationCanceledException) when (!timeout.IsCancellationRequested)
            {
                // This attempt hung, the request's deadline has not passed: another attempt, if repeating is safe.
                await ReleaseQuietlyAsync(lease, sent: true);
                if (request.CanRetry && transientRetries < Options.MaxRetries && await BackOffAsync(++transientRetries, deadline, timeout.Token))
                {
                    LogRetryTimeout(logger, request, Options.AttemptTimeout.TotalSeconds, transientRetries);
                    continue;
                }

                return Fail(request, DiscordErrors.Local(DiscordFailure.Timeout, $"No answer within {Options.AttemptTimeout.TotalSeconds:0.#} s; not safe to repeat.", true));
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                await ReleaseQuietlyAsync(lease, sent: true);
                return Fail(request, route.IsCallback
                    ? DiscordErrors.Local(DiscordFailure.Timeout, "No answer within the interaction's 3 s window; not resent.", false)
                    : DiscordErrors.Local(DiscordFailure.Timeout, "No answer before the request's deadline.", true));
            }
            catch (OperationCanceledException)
            {
                await ReleaseQuietlyAsync(lease, sent: lease is not null);
                throw;
            }
            catch (HttpRequestException ex)
            {
                // A refused connection never reached Discord: repeating it is always safe.
                var notSent = ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError;
                await ReleaseQuietlyAsync(lease, sent: !notSent);
                if ((notSent || request.CanRetry) && transientRetries < Options.MaxRetries && await BackOffAsync(++transientRetries, deadline, timeout.Token))
                {
                    LogRetryConnection(logger, request, ex.HttpRequestError, transientRetries);
                    continue;
                }

                return Fail(request, DiscordErrors.Local(DiscordFailure.ConnectionFailed, "Could not reach Discord: " + ex.HttpRequestError, true));
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                var body = await response.Content.ReadAsByteArrayAsync(inFlight);
                var headers = RateLimitHeaders.Read(response.Headers);
                DiscordMetrics.Answered(route, status, headers.Bucket);
                if (response.IsSuccessStatusCode)
                {
                    await ObserveQuietlyAsync(lease, status, headers, TimeSpan.Zero);
                    return new DiscordResponse(status, body, null);
                }

                var payload = DiscordErrors.ReadBody(body);
                var error = DiscordErrors.FromResponse(status, payload, route);
                if (status == (int)HttpStatusCode.TooManyRequests)
                {
                    var retryAfter = RetryAfter(payload, headers);
                    if (!headers.HasAny && error.Code == 0 && payload?.Global is not true)
                    {
                        // No rate-limit headers, code 0: Cloudflare's ban page, not a rate limit. Stop everything.
                        await ReleaseQuietlyAsync(lease, sent: true);
                        await guard.RecordAsync(status);
                        await limiter.BanAsync();
                        return Fail(request, DiscordErrors.Local(DiscordFailure.Blocked, "Discord's edge is blocking this IP (429 without rate-limit headers).", true));
                    }

                    var global = headers.Global || headers.Scope == "global" || payload?.Global == true;
                    DiscordMetrics.Throttled(route, headers.Bucket, headers.Scope ?? (global ? "global" : "unknown"));
                    await ObserveQuietlyAsync(lease, status, headers, retryAfter);
                    if (headers.Scope != "shared")
                    {
                        await guard.RecordAsync(status);
                    }

                    if (global && route.UsesBotToken)
                    {
                        await limiter.PauseGlobalAsync(retryAfter);
                    }

                    LogRateLimited(logger, request, headers.Scope ?? (global ? "global" : "unknown"), retryAfter.TotalSeconds);
                    var allowed = route.IsCallback ? 1 : 3;
                    if (rateLimitRetries < allowed && retryAfter <= Options.MaxRateLimitWait && time.GetUtcNow() + retryAfter < deadline)
                    {
                        rateLimitRetries++;
                        if (!(global && route.UsesBotToken))
                        {
                            // A user-scope 429 also locked the bucket in Redis; shared and sub-limits only delay this request.
                            await Task.Delay(retryAfter + Options.ResetMargin, timeout.Token);
                        }

                        continue;
                    }

                    return Fail(request, error);
                }

                await ObserveQuietlyAsync(lease, status, headers, TimeSpan.Zero);
                if (status is 401 or 403)
                {
                    await guard.RecordAsync(status);
                }

                if (status == 401 && route.UsesBotToken)
                {
                    await limiter.RevokeAsync();
                }

                if (status >= 500 && request.CanRetry && transientRetries < Options.MaxRetries && await BackOffAsync(++transientRetries, deadline, timeout.Token))
                {
                    LogRetryStatus(logger, request, status, transientRetries);
                    continue;
                }

                return Fail(request, error);
            }
        }
    }

    private HttpRequestMessage Build(DiscordRequest request)
    {
        var message = new HttpRequestMessage(new HttpMethod(request.Route.Method), request.Path());
        if (request.Route.UsesBotToken)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bot", Options.BotToken);
        }

        if (request.AuditLogReason is { Length: > 0 } reason)
        {
            message.Headers.TryAddWithoutValidation("X-Audit-Log-Reason", AuditLogReason(reason));
        }

        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        return message;
    }

    /// <summary>URL-encoded UTF-8, at most 512 characters once encoded, never cutting a character in half.</summary>
    public static string AuditLogReason(string reason)
    {
        var builder = new StringBuilder(Math.Min(512, reason.Length * 3));
        foreach (var rune in reason.EnumerateRunes())
        {
            var piece = Uri.EscapeDataString(rune.ToString());
            if (builder.Length + piece.Length > 512)
            {
                break;
            }

            builder.Append(piece);
        }

        return builder.ToString();
    }

    /// <summary>The body's retry_after (seconds, with decimals) first, then Retry-After, then Reset-After.</summary>
    private static TimeSpan RetryAfter(Wire.ErrorPayload? payload, RateLimitHeaders headers) =>
        payload?.RetryAfter is { } seconds && double.IsFinite(seconds) && seconds >= 0 ? TimeSpan.FromSeconds(seconds)
        : headers.RetryAfter ?? headers.ResetAfter ?? TimeSpan.FromSeconds(1);

    private async Task<bool> BackOffAsync(int attempt, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        // Exponential with full jitter: 0.5x to 1.5x of base * 2^(attempt-1).
        var delay = Options.RetryBaseDelay * Math.Pow(2, attempt - 1) * (0.5 + Random.Shared.NextDouble());
        if (time.GetUtcNow() + delay >= deadline)
        {
            return false;
        }

        await Task.Delay(delay, cancellationToken);
        return true;
    }

    private async Task ObserveQuietlyAsync(RateLimitLease? lease, int status, RateLimitHeaders headers, TimeSpan retryAfter)
    {
        if (lease is null)
        {
            return;
        }

        try
        {
            await limiter.ObserveAsync(lease, status, headers, retryAfter);
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            LogLimiterUnavailable(logger, ex.GetType().Name);
        }
    }

    private async Task ReleaseQuietlyAsync(RateLimitLease? lease, bool sent)
    {
        if (lease is null)
        {
            return;
        }

        try
        {
            await limiter.ReleaseAsync(lease, sent);
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            LogLimiterUnavailable(logger, ex.GetType().Name);
        }
    }

    private DiscordError Blocked(DiscordRoute route) =>
        limiter.IsRevoked && route.UsesBotToken
            ? DiscordErrors.Local(DiscordFailure.Unauthorized, "Discord rejected the bot token earlier; bot requests are not sent.", false)
            : DiscordErrors.Local(DiscordFailure.Blocked, limiter.BannedUntil is not null
                ? "Discord's edge is blocking this IP; requests are paused."
                : $"{guard.Count} invalid requests in 10 minutes reached the limit of {guard.Limit}; bot requests are paused.", true);

    private DiscordResponse Fail(DiscordRequest request, DiscordError error)
    {
        LogFailed(logger, request, error.HttpStatus, error.Code, error.Kind, error.IsTransient);
        return DiscordResponse.Failed(error);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Discord {Request} failed: HTTP {Status}, code {Code} ({Kind}), transient {Transient}")]
    private static partial void LogFailed(ILogger logger, DiscordRequest request, int status, int code, DiscordFailure kind, bool transient);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discord {Request} was rate limited (scope {Scope}); retry after {Seconds} s")]
    private static partial void LogRateLimited(ILogger logger, DiscordRequest request, string scope, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Discord {Request}: connection failed ({Error}), retry {Attempt}")]
    private static partial void LogRetryConnection(ILogger logger, DiscordRequest request, HttpRequestError error, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Discord {Request}: no answer within {Seconds} s, retry {Attempt}")]
    private static partial void LogRetryTimeout(ILogger logger, DiscordRequest request, double seconds, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Discord {Request}: HTTP {Status}, retry {Attempt}")]
    private static partial void LogRetryStatus(ILogger logger, DiscordRequest request, int status, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record a Discord answer in the shared rate limiter: {Error}")]
    private static partial void LogLimiterUnavailable(ILogger logger, string error);
}
