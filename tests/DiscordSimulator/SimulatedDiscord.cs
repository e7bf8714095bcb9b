using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Arrakis.DiscordSimulator;

/// <summary>Answers one request as Discord would: checks, limits, scripted faults, then the route's own answer.</summary>
internal sealed partial class SimulatedDiscord(SimulatorOptions options, OpenApiDescription? description)
{
    private const string ApiPrefix = "/api/v10";
    private const long DiscordEpochMs = 1420070400000;

    private readonly RateLimitBook _limits = new(options);
    private readonly ConcurrentQueue<SimulatorRequest> _log = new();
    private readonly ConcurrentDictionary<string, bool> _acknowledged = new();
    private readonly ConcurrentDictionary<string, ulong> _dmChannels = new();

    // Messages created with enforce_nonce, by "{channel}:{nonce}": Discord's "past few minutes" modelled as five.
    private readonly Dictionary<string, (string Id, double AtMs)> _nonces = new(StringComparer.Ordinal);
    private const double NonceWindowMs = 5 * 60 * 1000;
    private readonly List<SimulatorFault> _faults = [];
    private long _sequence;
    private long _nextId = 1300000000000000000;

    public IReadOnlyList<SimulatorRequest> Requests => [.. _log];

    public string SpecSource => description?.Source ?? "none";

    public void Inject(SimulatorFault fault)
    {
        lock (_faults)
        {
            _faults.Add(fault);
        }
    }

    public void Reset()
    {
        _log.Clear();
        _acknowledged.Clear();
        _limits.Clear();
        lock (_nonces)
        {
            _nonces.Clear();
        }

        lock (_faults)
        {
            _faults.Clear();
        }
    }

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        string body;
        using (var reader = new StreamReader(request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }

        var fullPath = request.Path.Value ?? "";
        var versioned = fullPath.StartsWith(ApiPrefix + "/", StringComparison.Ordinal);
        var path = versioned ? fullPath[ApiPrefix.Length..] : fullPath;
        var route = SimulatedRoutes.Find(request.Method, path, out var values);
        var authorization = request.Headers.Authorization.ToString();
        var entry = new SimulatorRequest
        {
            Sequence = Interlocked.Increment(ref _sequence),
            ReceivedAt = DateTimeOffset.UtcNow,
            ReceivedAtMs = _limits.NowMs,
            Method = request.Method,
            Path = path,
            Route = route?.Name,
            Major = route?.Major(values) ?? "",
            Values = values,
            HasAuthorization = authorization.Length > 0,
            UserAgent = request.Headers.UserAgent.ToString(),
            AuditLogReason = request.Headers.TryGetValue("X-Audit-Log-Reason", out var reason) ? reason.ToString() : null,
            Body = body,
        };
        _log.Enqueue(entry);

        if (options.Latency > TimeSpan.Zero)
        {
            await Task.Delay(options.Latency, context.RequestAborted);
        }

        var fault = TakeFault(entry);
        if (fault?.ArrivalDelay > TimeSpan.Zero)
        {
            await Task.Delay(fault.ArrivalDelay, context.RequestAborted);
        }

        Answer answer;
        try
        {
            answer = Answer(entry, versioned ? route : null, versioned, authorization, context.Response.Headers, fault);
        }
        catch (Exception ex) when (ex is FormatException or JsonException or KeyNotFoundException or InvalidOperationException or OverflowException)
        {
            // A request the simulator cannot read is a bug worth failing a test on, not a crash.
            answer = Violation(entry, 400, 50035, "Invalid Form Body: " + ex.GetType().Name);
        }
        if (answer.Delay > TimeSpan.Zero)
        {
            await Task.Delay(answer.Delay, context.RequestAborted);
        }

        entry.Status = answer.Status;
        context.Response.StatusCode = answer.Status;
        if (answer.Body is not null)
        {
            context.Response.ContentType = answer.ContentType;
            await context.Response.WriteAsync(answer.Body, context.RequestAborted);
        }
    }

    private Answer Answer(SimulatorRequest entry, SimulatedRoute? route, bool versioned, string authorization, IHeaderDictionary headers, SimulatorFault? fault)
    {
        if (!versioned)
        {
            return Violation(entry, 404, 0, "404: Not Found (no /api/v10 prefix)");
        }

        if (!UserAgentPattern().IsMatch(entry.UserAgent ?? ""))
        {
            return Violation(entry, 403, 40333, "internal network error (User-Agent must be DiscordBot (url, version))");
        }

        if (options.ValidateRequests && description?.Check(entry.Method, entry.Path, entry.Body) is { } problem)
        {
            return Violation(entry, 400, 50035, "Invalid Form Body: " + problem);
        }

        if (options.ValidateRequests && ContentTooLong(entry.Body))
        {
            return Violation(entry, 400, 50035, "Invalid Form Body: content must be 2000 or fewer in length");
        }

        if (route is null)
        {
            return Violation(entry, 404, 0, "404: Not Found (route not simulated)");
        }

        if (route.BotAuthorization && !IsBotAuthorization(authorization))
        {
            return Error(401, 0, "401: Unauthorized");
        }

        var hash = route.Name == SimulatedRoutes.DeleteMessage && IsOlderThan14Days(entry.Values["message_id"]) ? route.Hash + "-old" : route.Hash;
        if (fault is not null)
        {
            entry.Faulted = true;
            if (fault.WithBucketHeaders)
            {
                WriteBucketHeaders(headers, _limits.Take(route.Name, hash, entry.Major, spend: false));
            }

            foreach (var (name, value) in fault.Headers)
            {
                headers[name] = value;
            }

            if (fault.Status is { } status)
            {
                if (status == 429)
                {
                    entry.Scope = fault.Headers.GetValueOrDefault("X-RateLimit-Scope");
                }

                return new Answer(status, fault.Body, fault.Delay, fault.ContentType);
            }
        }

        if (route.BotAuthorization && !_limits.TryTakeGlobal(authorization, out var globalWait))
        {
            entry.Scope = "global";
            headers["X-RateLimit-Global"] = "true";
            headers["X-RateLimit-Scope"] = "global";
            headers["Retry-After"] = Math.Ceiling(globalWait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            return RateLimited(globalWait, global: true);
        }

        var bucket = _limits.Take(route.Name, hash, entry.Major, spend: true);
        if (!options.RoutesWithoutHeaders.Contains(route.Name) && !headers.ContainsKey("X-RateLimit-Bucket"))
        {
            WriteBucketHeaders(headers, bucket);
        }

        if (!bucket.Allowed)
        {
            entry.Scope = "user";
            headers["X-RateLimit-Scope"] = "user";
            headers["Retry-After"] = Math.Ceiling(bucket.ResetAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            return RateLimited(bucket.ResetAfter, global: false);
        }

        return RouteAnswer(entry, route) with { Delay = fault?.Delay ?? TimeSpan.Zero };
    }

    private Answer RouteAnswer(SimulatorRequest entry, SimulatedRoute route)
    {
        var v = entry.Values;
        switch (route.Name)
        {
            case SimulatedRoutes.Callback:
                var interactionId = v["interaction_id"];
                var created = CreatedAt(interactionId);
                entry.CallbackLatencyMs = (entry.ReceivedAt - created).TotalMilliseconds;
                if (entry.ReceivedAt - created > options.CallbackDeadline)
                {
                    entry.LateCallback = true;
                    return Error(404, 10062, "Unknown interaction");
                }

                if (!_acknowledged.TryAdd(interactionId, true))
                {
                    entry.DuplicateCallback = true;
                    return Error(400, 40060, "Interaction has already been acknowledged.");
                }

                return new Answer(204, null);
            case SimulatedRoutes.FollowUp or SimulatedRoutes.GetOriginal or SimulatedRoutes.EditOriginal or SimulatedRoutes.EditWebhookMessage
                or SimulatedRoutes.EditMessage:
                return Message(entry, v.GetValueOrDefault("channel_id") ?? "1200000000000000001");
            case SimulatedRoutes.DeleteOriginal or SimulatedRoutes.DeleteMessage:
                return new Answer(204, null);
            case SimulatedRoutes.AddRole or SimulatedRoutes.RemoveRole:
                return ulong.Parse(v["guild_id"], CultureInfo.InvariantCulture) is var guild && options.GuildsWithoutPermission.Contains(guild)
                    ? Error(403, 50013, "Missing Permissions")
                    : options.UnknownMembers.Contains(ulong.Parse(v["user_id"], CultureInfo.InvariantCulture)) ? Error(404, 10007, "Unknown Member")
                    : options.UnknownRoles.Contains(ulong.Parse(v["role_id"], CultureInfo.InvariantCulture)) ? Error(404, 10011, "Unknown Role")
                    : new Answer(204, null);
            case SimulatedRoutes.GetMember:
                var userId = v["user_id"];
                return options.UnknownMembers.Contains(ulong.Parse(userId, CultureInfo.InvariantCulture))
                    ? Error(404, 10007, "Unknown Member")
                    : Json(200, new JsonObject
                    {
                        ["user"] = new JsonObject { ["id"] = userId, ["username"] = "user" + userId },
                        ["nick"] = "nick" + userId,
                        ["roles"] = new JsonArray("1250000000000000001"),
                        ["joined_at"] = "2025-01-01T00:00:00.000000+00:00",
                    });
            case SimulatedRoutes.CreateDm:
                var recipient = JsonNode.Parse(entry.Body)?["recipient_id"]?.GetValue<string>() ?? "0";
                var channel = _dmChannels.FirstOrDefault(p => p.Value.ToString(CultureInfo.InvariantCulture) == recipient).Key
                    ?? Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);
                _dmChannels[channel] = ulong.Parse(recipient, CultureInfo.InvariantCulture);
                return Json(200, new JsonObject
                {
                    ["id"] = channel,
                    ["type"] = 1,
                    ["recipients"] = new JsonArray(new JsonObject { ["id"] = recipient, ["username"] = "user" }),
                });
            case SimulatedRoutes.CreateMessage:
                return _dmChannels.TryGetValue(v["channel_id"], out var dmUser) && options.ClosedDirectMessages.Contains(dmUser)
                    ? Error(403, 50007, "Cannot send messages to this user")
                    : Message(entry, v["channel_id"]);
            case SimulatedRoutes.EditChannel:
                return Json(200, new JsonObject { ["id"] = v["channel_id"], ["type"] = 0 });
            default:
                return Json(201, new JsonObject { ["id"] = Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture) });
        }
    }

    private Answer Message(SimulatorRequest entry, string channelId)
    {
        var sent = entry.Body.Length > 0 ? JsonNode.Parse(entry.Body) : null;
        var id = Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);
        if (sent?["enforce_nonce"]?.GetValueKind() == JsonValueKind.True && sent["nonce"] is { } nonceNode)
        {
            // enforce_nonce: the same author, channel and nonce within the window get the message already made.
            var key = channelId + ":" + nonceNode.ToJsonString();
            lock (_nonces)
            {
                if (_nonces.TryGetValue(key, out var made) && entry.ReceivedAtMs - made.AtMs < NonceWindowMs)
                {
                    entry.NonceReplay = true;
                    id = made.Id;
                }
                else
                {
                    _nonces[key] = (id, entry.ReceivedAtMs);
                }
            }
        }

        return Json(200, new JsonObject
        {
            ["id"] = id,
            ["channel_id"] = channelId,
            ["content"] = sent?["content"]?.GetValue<string>() ?? "",
            ["nonce"] = sent?["nonce"]?.DeepClone(),
        });
    }

    private SimulatorFault? TakeFault(SimulatorRequest entry)
    {
        lock (_faults)
        {
            var fault = _faults.FirstOrDefault(f => f.Times > 0 && f.Matches(entry));
            if (fault is not null)
            {
                fault.Times--;
            }

            return fault;
        }
    }

    private bool IsBotAuthorization(string authorization) =>
        authorization.StartsWith("Bot ", StringComparison.Ordinal) && authorization.Length > 4
        && (options.BotToken is null || authorization[4..] == options.BotToken);

    private static bool ContentTooLong(string body)
    {
        if (body.Length <= 2000)
        {
            return false;
        }

        var node = JsonNode.Parse(body);
        var content = node?["content"] ?? node?["data"]?["content"];
        return content?.GetValueKind() == JsonValueKind.String && content.GetValue<string>().Length > 2000;
    }

    private static DateTimeOffset CreatedAt(string snowflake) =>
        ulong.TryParse(snowflake, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)(id >> 22) + DiscordEpochMs)
            : DateTimeOffset.MinValue;

    private static bool IsOlderThan14Days(string snowflake) => DateTimeOffset.UtcNow - CreatedAt(snowflake) > TimeSpan.FromDays(14);

    private static void WriteBucketHeaders(IHeaderDictionary headers, BucketState bucket)
    {
        headers["X-RateLimit-Limit"] = bucket.Limit.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = bucket.Remaining.ToString(CultureInfo.InvariantCulture);
        // Discord sends seconds with millisecond decimals; rounding up keeps a client that trusts them safe.
        headers["X-RateLimit-Reset"] = (Math.Ceiling(bucket.ResetAt.ToUnixTimeMilliseconds() / 1.0) / 1000).ToString("0.000", CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset-After"] = (Math.Ceiling(bucket.ResetAfter.TotalMilliseconds) / 1000).ToString("0.000", CultureInfo.InvariantCulture);
        headers["X-RateLimit-Bucket"] = bucket.Hash;
    }

    private static Answer RateLimited(TimeSpan retryAfter, bool global) => Json(429, new JsonObject
    {
        ["message"] = "You are being rate limited.",
        ["retry_after"] = Math.Ceiling(retryAfter.TotalMilliseconds) / 1000,
        ["global"] = global,
    });

    private static Answer Violation(SimulatorRequest entry, int status, int code, string message)
    {
        entry.Violation = message;
        return Error(status, code, message);
    }

    private static Answer Error(int status, int code, string message) =>
        Json(status, new JsonObject { ["message"] = message, ["code"] = code });

    private static Answer Json(int status, JsonObject body) => new(status, body.ToJsonString());

    [GeneratedRegex(@"^DiscordBot \(\S+, \S+\)")]
    private static partial Regex UserAgentPattern();
}

internal sealed record Answer(int Status, string? Body, TimeSpan Delay = default, string ContentType = "application/json");
