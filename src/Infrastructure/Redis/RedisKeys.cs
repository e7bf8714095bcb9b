using Arrakis.Application.Abstractions.State;
using Arrakis.Domain.Discord;
using StackExchange.Redis;

namespace Arrakis.Infrastructure.Redis;

/// <summary>
/// Every key the worker writes, and how long each lives, in one place. Every key starts with the deployment's
/// prefix (<c>REDIS_KEY_PREFIX</c>) and every key has a TTL: nothing the worker writes stays forever.
/// </summary>
internal sealed class RedisKeys(string prefix, TimeSpan idempotencyLease)
{
    /// <summary>How long a finished message is remembered: longer than any retry schedule, as the design asks.</summary>
    public static readonly TimeSpan IdempotencyDone = TimeSpan.FromHours(24);

    /// <summary>An interaction token works 15 minutes; after that nothing can answer it anyway.</summary>
    public static readonly TimeSpan InteractionAnswered = InteractionWindow.TokenLifetime;

    /// <summary>A guild's settings outlive any quiet spell; every write renews them, leaving the guild drops them.</summary>
    public static readonly TimeSpan GuildSettings = TimeSpan.FromDays(90);

    /// <summary>A verification is a lasting record; every write renews it, leaving the guild or the member drops it.</summary>
    public static readonly TimeSpan Verification = TimeSpan.FromDays(365);

    /// <summary>The processing lease of a claim: longer than a handler may run, so a live run is never taken over.</summary>
    public TimeSpan IdempotencyLease { get; } = idempotencyLease;

    public string Prefix { get; } = prefix;

    /// <summary>The value of a finished message's idempotency record and of a done side effect.</summary>
    public const string Done = "D";

    /// <summary><c>{prefix}idem:{key}</c>: "P:{owner}" while in progress (lease), "D" once done (24 h).</summary>
    public RedisKey Idempotency(string key) => Prefix + "idem:" + key;

    /// <summary><c>{prefix}effect:{key}:{effect}</c>: "D" once that side effect of the message was accepted; 24 h, as "done".</summary>
    public RedisKey SideEffect(string key, string effect) => Prefix + "effect:" + key + ":" + effect;

    /// <summary><c>{prefix}session:{flow}:{guild}:{user}</c>: hash of version <c>v</c> and document <c>d</c>; the caller's TTL.</summary>
    public RedisKey Session(SessionKey key) => $"{Prefix}session:{key.Flow}:{key.GuildId}:{key.UserId}";

    /// <summary><c>{prefix}cooldown:{command}:{user}</c>: exists while the cooldown runs; TTL = the cooldown.</summary>
    public RedisKey Cooldown(string command, Snowflake userId) => $"{Prefix}cooldown:{command}:{userId}";

    /// <summary><c>{prefix}ratelimit:{scope}:{id}</c>: sorted set of request ids by time; TTL = the window.</summary>
    public RedisKey RateLimit(string scope, string id) => $"{Prefix}ratelimit:{scope}:{id}";

    /// <summary><c>{prefix}guild:{guild}:settings</c>: hash of name to value; TTL <see cref="GuildSettings"/>.</summary>
    public RedisKey GuildSettingsOf(Snowflake guildId) => $"{Prefix}guild:{guildId}:settings";

    /// <summary><c>{prefix}verification:{guild}:{user}</c>: hash of address, verifiedAt, revokedAt; TTL <see cref="Verification"/>.</summary>
    public RedisKey VerificationOf(Snowflake guildId, Snowflake userId) => $"{Prefix}verification:{guildId}:{userId}";

    /// <summary>
    /// Every key stored for one member of a guild, exactly: a SCAN per member.leave would read the whole keyspace
    /// (millions of idempotency records) for a handful of keys (ADR 0076).
    /// </summary>
    public IReadOnlyList<RedisKey> MemberKeys(Snowflake guildId, Snowflake userId) =>
        [VerificationOf(guildId, userId), .. SessionFlows.All.Select(flow => Session(new SessionKey(flow, guildId, userId)))];

    /// <summary>Patterns of everything stored for a guild (for SCAN).</summary>
    public IReadOnlyList<string> GuildPatterns(Snowflake guildId) =>
        [$"{Prefix}session:*:{guildId}:*", $"{Prefix}verification:{guildId}:*", $"{Prefix}guild:{guildId}:*"];

    /// <summary><c>{prefix}interaction:{id}:answered</c>: exists once the initial response went out; TTL 15 min.</summary>
    public RedisKey Answered(Snowflake interactionId) => $"{Prefix}interaction:{interactionId}:answered";
}
