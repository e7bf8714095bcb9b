using System.Text.Json;
using Arrakis.Application.Abstractions.State;
using StackExchange.Redis;

namespace Arrakis.Infrastructure.Redis;

/// <summary>Sessions as a hash of version and JSON document; every write is a compare-and-set script on the version.</summary>
internal sealed class RedisSessionStore(IConnectionMultiplexer redis, RedisKeys keys) : ISessionStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<Session<T>?> GetAsync<T>(SessionKey key, CancellationToken cancellationToken) => RedisCall.RunAsync(async () =>
    {
        var reply = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(RedisScripts.SessionGet, new { key = keys.Session(key) }))!;
        if (reply.Length == 0)
        {
            return null;
        }

        var document = JsonSerializer.Deserialize<T>((string)reply[1]!, Json)!;
        // Both times are Redis's: its clock now, plus what the key has left.
        var expiresAt = DateTimeOffset.FromUnixTimeMilliseconds((long)reply[3] + Math.Max(0, (long)reply[2]));
        return new Session<T>(document, (long)reply[0], expiresAt);
    });

    public Task<SessionWrite> CreateAsync<T>(SessionKey key, T document, TimeSpan timeToLive, CancellationToken cancellationToken) =>
        WriteAsync(RedisScripts.SessionCreate, new
        {
            key = keys.Session(key),
            document = JsonSerializer.Serialize(document, Json),
            ttlMs = TtlMs(timeToLive),
        });

    public Task<SessionWrite> UpdateAsync<T>(SessionKey key, T document, long expectedVersion, TimeSpan timeToLive, CancellationToken cancellationToken) =>
        WriteAsync(RedisScripts.SessionUpdate, new
        {
            key = keys.Session(key),
            document = JsonSerializer.Serialize(document, Json),
            expected = expectedVersion,
            ttlMs = TtlMs(timeToLive),
        });

    public Task<SessionWrite> DeleteAsync(SessionKey key, long expectedVersion, CancellationToken cancellationToken) =>
        WriteAsync(RedisScripts.SessionDelete, new { key = keys.Session(key), expected = expectedVersion });

    private Task<SessionWrite> WriteAsync(LuaScript script, object parameters) => RedisCall.RunAsync(async () =>
    {
        var reply = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(script, parameters))!;
        var status = (int)reply[0] switch
        {
            1 => SessionWriteStatus.Written,
            2 => SessionWriteStatus.NotFound,
            _ => SessionWriteStatus.Conflict,
        };
        return new SessionWrite(status, (long)reply[1]);
    });

    private static long TtlMs(TimeSpan timeToLive)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeToLive, TimeSpan.FromSeconds(1));
        return (long)timeToLive.TotalMilliseconds;
    }
}
