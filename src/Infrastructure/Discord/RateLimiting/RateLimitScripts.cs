namespace Arrakis.Infrastructure.Discord.RateLimiting;

/// <summary>
/// The Lua scripts that keep the shared limits atomic across workers. Times are Redis's own clock (TIME), so
/// workers agree on them. A bucket is a hash: limit (-1 = Discord sends no limit), remaining, reset_at (ms),
/// reset_id (Discord's X-RateLimit-Reset, naming the window), prov (1 = a window we assumed has started but
/// whose reset no answer has told yet) and lock_until (a first request is in flight to learn the bucket).
/// </summary>
internal static class RateLimitScripts
{
    /// <summary>
    /// KEYS: bucket, global, pause, revoked, the route's own bucket key (a request sent before the route's hash was
    /// known may still be learning the same bucket under it), and the route's hash key. ARGV: use global (1/0), global limit, global window ms, request id,
    /// lock ms, ttl ms. Returns {0, mode} when the request may go (mode 0 counted, 1 learning, 2 unlimited), or
    /// {reason, wait ms}: 1 bucket empty until its reset, 2 poll (learning or window unknown), 3 global pause,
    /// 4 global window full, 5 token revoked.
    /// </summary>
    public const string Acquire = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local useGlobal = ARGV[1] == '1'
        if useGlobal then
          if redis.call('EXISTS', KEYS[4]) == 1 then return {5, 0} end
          local pause = redis.call('PTTL', KEYS[3])
          if pause > 0 then return {3, pause} end
        end
        local b = redis.call('HMGET', KEYS[1], 'limit', 'remaining', 'reset_at', 'lock_until', 'prov')
        local limit = tonumber(b[1])
        local remaining = tonumber(b[2])
        local resetAt = tonumber(b[3])
        local lockUntil = tonumber(b[4])
        local mode = 0
        if limit == nil then
          -- Keyed by route because the hash was unknown here, but another worker has learnt it since: go read it,
          -- or two buckets would admit requests for one Discord bucket.
          if KEYS[5] == KEYS[1] and redis.call('EXISTS', KEYS[6]) == 1 then return {2, 0} end
          if lockUntil ~= nil and lockUntil > now then return {2, lockUntil - now} end
          if KEYS[5] ~= KEYS[1] then
            local learning = tonumber(redis.call('HGET', KEYS[5], 'lock_until'))
            if learning ~= nil and learning > now then return {2, learning - now} end
          end
          mode = 1
        elseif limit < 0 then
          mode = 2
        else
          if resetAt == nil or resetAt <= now then
            remaining = limit
            resetAt = nil
          elseif remaining == nil or remaining <= 0 then
            if b[5] == '1' then return {2, resetAt - now} end
            return {1, resetAt - now}
          end
        end
        if useGlobal then
          local window = tonumber(ARGV[3])
          redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - window)
          if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[2]) then
            local oldest = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
            return {4, math.max(1, tonumber(oldest[2]) + window - now)}
          end
          redis.call('ZADD', KEYS[2], now, ARGV[4])
          redis.call('PEXPIRE', KEYS[2], window * 2)
        end
        local lock = tonumber(ARGV[5])
        local ttl = tonumber(ARGV[6])
        if mode == 1 then
          redis.call('HSET', KEYS[1], 'lock_until', now + lock)
          redis.call('PEXPIRE', KEYS[1], ttl + lock)
        elseif mode == 0 then
          if resetAt == nil then
            redis.call('HSET', KEYS[1], 'remaining', remaining - 1, 'reset_at', now + lock, 'prov', '1')
            redis.call('PEXPIRE', KEYS[1], ttl + lock)
          else
            redis.call('HSET', KEYS[1], 'remaining', remaining - 1)
          end
        end
        return {0, mode}
        """;

    /// <summary>
    /// KEYS: the route's own bucket key, the bucket key by Discord's hash (may be the same), the route's hash key,
    /// the global window. ARGV: kind (headers, none, limited, release), hash, limit, remaining, reset-after ms,
    /// reset id ms (-1 if absent), ttl ms, retry-after ms, route ttl ms, the request's global entry (or empty),
    /// global window ms. The global entry moves to the answer's time: Discord counted the request somewhere
    /// between sending and answering, and assuming the latest keeps slow or delayed sends from crowding a second.
    /// </summary>
    public const string Observe = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local kind = ARGV[1]
        local ttl = tonumber(ARGV[7])
        if ARGV[10] ~= '' then
          redis.call('ZADD', KEYS[4], now, ARGV[10])
          redis.call('PEXPIRE', KEYS[4], tonumber(ARGV[11]) * 2)
        end
        -- The learning lock may sit under the route's key or under the hash's key (when the hash was known at acquire).
        redis.call('HDEL', KEYS[1], 'lock_until')
        if KEYS[2] ~= KEYS[1] then redis.call('HDEL', KEYS[2], 'lock_until') end
        if kind == 'release' then return 0 end
        if kind == 'none' then
          if redis.call('HEXISTS', KEYS[1], 'limit') == 0 then
            redis.call('HSET', KEYS[1], 'limit', -1)
            redis.call('PEXPIRE', KEYS[1], ttl)
          end
          return 0
        end
        if ARGV[2] ~= '' then redis.call('SET', KEYS[3], ARGV[2], 'PX', tonumber(ARGV[9])) end
        local b = redis.call('HMGET', KEYS[2], 'remaining', 'reset_at', 'reset_id', 'prov')
        local limit = tonumber(ARGV[3])
        local remaining = tonumber(ARGV[4])
        local resetAfter = tonumber(ARGV[5])
        local resetAt = now + resetAfter
        local resetId = tonumber(ARGV[6])
        if resetId < 0 then resetId = resetAt end
        local oldRemaining = tonumber(b[1])
        local oldId = tonumber(b[3])
        if kind == 'limited' then
          resetAt = now + tonumber(ARGV[8])
          local oldReset = tonumber(b[2])
          if oldReset ~= nil and b[4] ~= '1' and oldReset > resetAt then resetAt = oldReset end
          redis.call('HSET', KEYS[2], 'limit', limit, 'remaining', 0, 'reset_at', resetAt, 'reset_id', resetId, 'prov', '0')
          resetAfter = resetAt - now
        elseif oldId == nil or resetId > oldId + 20 then
          if b[4] == '1' and oldRemaining ~= nil and oldRemaining < remaining then remaining = oldRemaining end
          redis.call('HSET', KEYS[2], 'limit', limit, 'remaining', remaining, 'reset_at', resetAt, 'reset_id', resetId, 'prov', '0')
        elseif resetId >= oldId - 20 then
          if oldRemaining ~= nil and oldRemaining < remaining then remaining = oldRemaining end
          redis.call('HSET', KEYS[2], 'limit', limit, 'remaining', remaining)
        end
        redis.call('HDEL', KEYS[2], 'lock_until')
        redis.call('PEXPIRE', KEYS[2], ttl + resetAfter)
        return 0
        """;
}
