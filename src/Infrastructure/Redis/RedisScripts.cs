using StackExchange.Redis;

namespace Arrakis.Infrastructure.Redis;

/// <summary>
/// Every read-modify-write as one Lua script, so it is atomic across workers. The client runs each by EVALSHA once
/// it is loaded and re-sends it after a restart flushes the script cache. The batch scripts (ADR 0033) take their
/// keys as KEYS and per-key values as ARGV in the same order. Times come from Redis's own clock (TIME, PTTL), never
/// from a worker's. Each script is safe to replay after an ambiguous timeout.
/// </summary>
internal static class RedisScripts
{
    /// <summary>
    /// Claims every key of a batch (ADR 0033). KEYS: the claims' keys; ARGV: one owner per key, then the lease in ms.
    /// Per key, two numbers: {1, 0} claimed (also when the owner is already us: a replay), {2, 0} done, {3, pttl}
    /// another owner. A key twice in one batch is claimed by the first and "in progress" for the second.
    /// </summary>
    public const string ClaimAll = """
        local lease = ARGV[#KEYS + 1]
        local out = {}
        for i = 1, #KEYS do
          local v = redis.call('GET', KEYS[i])
          local status, left = 1, 0
          if not v then
            redis.call('SET', KEYS[i], 'P:' .. ARGV[i], 'PX', lease)
          elseif v == 'D' then
            status = 2
          elseif v ~= 'P:' .. ARGV[i] then
            status, left = 3, redis.call('PTTL', KEYS[i])
          end
          out[2 * i - 1] = status
          out[2 * i] = left
        end
        return out
        """;

    /// <summary>
    /// Marks every claim of a batch done. KEYS: the claims' keys; ARGV: one owner per key, then the "done" time to live
    /// in ms. Per key, 1 when our claim became "done", 0 when the lease was lost (expired, or taken by another run).
    /// </summary>
    public const string CompleteAll = """
        local done = ARGV[#KEYS + 1]
        local out = {}
        for i = 1, #KEYS do
          if redis.call('GET', KEYS[i]) == 'P:' .. ARGV[i] then
            redis.call('SET', KEYS[i], 'D', 'PX', done)
            out[i] = 1
          else
            out[i] = 0
          end
        end
        return out
        """;

    /// <summary>Every key's hash, in KEYS order, as HGETALL gives it (an empty array for a key that does not exist).</summary>
    public const string HashGetAll = """
        local out = {}
        for i = 1, #KEYS do
          out[i] = redis.call('HGETALL', KEYS[i])
        end
        return out
        """;

    /// <summary>Deletes the claim only if it is still ours (compare-and-delete).</summary>
    public static readonly LuaScript Release = LuaScript.Prepare("""
        if redis.call('GET', @key) == 'P:' .. @owner then return redis.call('DEL', @key) end
        return 0
        """);

    /// <summary>0 when the cooldown started (or its holder asks again), otherwise the milliseconds it has left.</summary>
    public static readonly LuaScript Cooldown = LuaScript.Prepare("""
        if redis.call('SET', @key, @holder, 'PX', @cooldownMs, 'NX') then return 0 end
        if redis.call('GET', @key) == @holder then return 0 end
        return redis.call('PTTL', @key)
        """);

    /// <summary>
    /// Sliding window: {allowed, count, retryAfterMs}. Each request is its own member (its request id), so two in
    /// one millisecond are two; a request already in the window (a redelivery) is allowed without counting again.
    /// Denied requests are not added. The key expires with the window.
    /// </summary>
    public static readonly LuaScript SlidingWindow = LuaScript.Prepare("""
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local window = tonumber(@windowMs)
        redis.call('ZREMRANGEBYSCORE', @key, '-inf', now - window)
        local n = redis.call('ZCARD', @key)
        if redis.call('ZSCORE', @key, @member) then return {1, n, 0} end
        if n >= tonumber(@limit) then
          local oldest = redis.call('ZRANGE', @key, 0, 0, 'WITHSCORES')
          return {0, n, tonumber(oldest[2]) + window - now}
        end
        redis.call('ZADD', @key, now, @member)
        redis.call('PEXPIRE', @key, window)
        return {1, n + 1, 0}
        """);

    /// <summary>{version, document, pttl, redisNowMs}, or an empty array when there is no session.</summary>
    public static readonly LuaScript SessionGet = LuaScript.Prepare("""
        local v = redis.call('HMGET', @key, 'v', 'd')
        if not v[1] then return {} end
        local t = redis.call('TIME')
        return {v[1], v[2], redis.call('PTTL', @key), tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)}
        """);

    /// <summary>{1, 1} created; {0, version} a session already exists.</summary>
    public static readonly LuaScript SessionCreate = LuaScript.Prepare("""
        local v = redis.call('HGET', @key, 'v')
        if v then return {0, tonumber(v)} end
        redis.call('HSET', @key, 'v', 1, 'd', @document)
        redis.call('PEXPIRE', @key, @ttlMs)
        return {1, 1}
        """);

    /// <summary>{1, newVersion} written; {0, version} version conflict; {2, 0} no session.</summary>
    public static readonly LuaScript SessionUpdate = LuaScript.Prepare("""
        local v = redis.call('HGET', @key, 'v')
        if not v then return {2, 0} end
        v = tonumber(v)
        if v ~= tonumber(@expected) then return {0, v} end
        redis.call('HSET', @key, 'v', v + 1, 'd', @document)
        redis.call('PEXPIRE', @key, @ttlMs)
        return {1, v + 1}
        """);

    /// <summary>{1, version} deleted; {0, version} version conflict; {2, 0} no session.</summary>
    public static readonly LuaScript SessionDelete = LuaScript.Prepare("""
        local v = redis.call('HGET', @key, 'v')
        if not v then return {2, 0} end
        v = tonumber(v)
        if v ~= tonumber(@expected) then return {0, v} end
        redis.call('DEL', @key)
        return {1, v}
        """);

    /// <summary>Sets one setting and renews the guild's expiry in the same step.</summary>
    public static readonly LuaScript SettingSet = LuaScript.Prepare("""
        redis.call('HSET', @key, @name, @value)
        redis.call('PEXPIRE', @key, @ttlMs)
        return 1
        """);
}
