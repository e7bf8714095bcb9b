using System.Collections.Concurrent;
using Arrakis.Application.Abstractions.Discord;
using Arrakis.Application.Abstractions.State;
using Arrakis.Application.Abstractions.Wallets;
using Arrakis.Domain.Discord;
using Arrakis.Domain.Wallets;
using Microsoft.Extensions.DependencyInjection;

namespace Arrakis.Application.Tests.Features;

internal sealed class InMemorySideEffects : ISideEffectLog
{
    private readonly ConcurrentDictionary<string, bool> _done = new(StringComparer.Ordinal);

    private int _unavailableWrites;

    public IEnumerable<string> Recorded => _done.Keys;

    /// <summary>The next <paramref name="writes"/> records fail as if Redis were down.</summary>
    public void Unavailable(int writes) => _unavailableWrites = writes;

    public Task<bool> WasDoneAsync(string idempotencyKey, string effect, CancellationToken cancellationToken) =>
        Task.FromResult(_done.ContainsKey(idempotencyKey + ":" + effect));

    public Task RecordAsync(string idempotencyKey, string effect, CancellationToken cancellationToken)
    {
        if (Interlocked.Decrement(ref _unavailableWrites) >= 0)
        {
            throw new StateUnavailableException("Redis is down (test).", new InvalidOperationException("down"));
        }

        _done[idempotencyKey + ":" + effect] = true;
        return Task.CompletedTask;
    }
}

internal sealed class InMemorySessions(TimeProvider clock) : ISessionStore
{
    private readonly ConcurrentDictionary<SessionKey, (object Document, long Version, DateTimeOffset ExpiresAt)> _sessions = new();

    public bool Contains(SessionKey key) => _sessions.TryGetValue(key, out var s) && s.ExpiresAt > clock.GetUtcNow();

    public Task<Session<T>?> GetAsync<T>(SessionKey key, CancellationToken cancellationToken) =>
        Task.FromResult(_sessions.TryGetValue(key, out var s) && s.ExpiresAt > clock.GetUtcNow()
            ? new Session<T>((T)s.Document, s.Version, s.ExpiresAt)
            : null);

    public Task<SessionWrite> CreateAsync<T>(SessionKey key, T document, TimeSpan timeToLive, CancellationToken cancellationToken) =>
        Task.FromResult(Contains(key)
            ? new SessionWrite(SessionWriteStatus.Conflict, _sessions[key].Version)
            : Write(key, document!, 1, timeToLive));

    public Task<SessionWrite> UpdateAsync<T>(SessionKey key, T document, long expectedVersion, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        if (!Contains(key))
        {
            return Task.FromResult(new SessionWrite(SessionWriteStatus.NotFound, 0));
        }

        var current = _sessions[key].Version;
        return Task.FromResult(current != expectedVersion
            ? new SessionWrite(SessionWriteStatus.Conflict, current)
            : Write(key, document!, current + 1, timeToLive));
    }

    public Task<SessionWrite> DeleteAsync(SessionKey key, long expectedVersion, CancellationToken cancellationToken)
    {
        if (!Contains(key))
        {
            return Task.FromResult(new SessionWrite(SessionWriteStatus.NotFound, 0));
        }

        _sessions.TryRemove(key, out _);
        return Task.FromResult(new SessionWrite(SessionWriteStatus.Written, expectedVersion));
    }

    private SessionWrite Write(SessionKey key, object document, long version, TimeSpan ttl)
    {
        _sessions[key] = (document, version, clock.GetUtcNow() + ttl);
        return new SessionWrite(SessionWriteStatus.Written, version);
    }
}

internal sealed class InMemoryGuildSettings : IGuildSettingsStore
{
    private readonly ConcurrentDictionary<(Snowflake, string), string> _values = new();

    public Task<IReadOnlyDictionary<string, string>> GetAllAsync(Snowflake guildId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(_values.Where(p => p.Key.Item1 == guildId).ToDictionary(p => p.Key.Item2, p => p.Value, StringComparer.Ordinal));

    public Task<string?> GetAsync(Snowflake guildId, string name, CancellationToken cancellationToken) =>
        Task.FromResult(_values.GetValueOrDefault((guildId, name)));

    public Task SetAsync(Snowflake guildId, string name, string value, CancellationToken cancellationToken)
    {
        _values[(guildId, name)] = value;
        return Task.CompletedTask;
    }

    public Task RemoveAsync(Snowflake guildId, string name, CancellationToken cancellationToken)
    {
        _values.TryRemove((guildId, name), out _);
        return Task.CompletedTask;
    }

    public Task ClearAsync(Snowflake guildId, CancellationToken cancellationToken)
    {
        foreach (var key in _values.Keys.Where(k => k.Item1 == guildId))
        {
            _values.TryRemove(key, out _);
        }

        return Task.CompletedTask;
    }
}

internal sealed class InMemoryVerifications : IVerificationStore
{
    private readonly ConcurrentDictionary<(Snowflake, Snowflake), WalletVerification> _records = new();

    public Task RecordAsync(WalletVerification verification, CancellationToken cancellationToken)
    {
        _records[(verification.GuildId, verification.UserId)] = verification;
        return Task.CompletedTask;
    }

    public Task<WalletVerification?> GetAsync(Snowflake guildId, Snowflake userId, CancellationToken cancellationToken) =>
        Task.FromResult(_records.GetValueOrDefault((guildId, userId)));

    public Task<bool> RevokeAsync(Snowflake guildId, Snowflake userId, DateTimeOffset revokedAt, CancellationToken cancellationToken)
    {
        if (!_records.TryGetValue((guildId, userId), out var record) || record.IsRevoked)
        {
            return Task.FromResult(false);
        }

        _records[(guildId, userId)] = record with { RevokedAt = revokedAt };
        return Task.FromResult(true);
    }
}

internal sealed class RecordingEraser : IGuildStateEraser
{
    public ConcurrentQueue<string> Erased { get; } = new();

    public Task<long> EraseMemberAsync(Snowflake guildId, Snowflake userId, CancellationToken cancellationToken)
    {
        Erased.Enqueue($"member:{guildId}:{userId}");
        return Task.FromResult(2L);
    }

    public Task<long> EraseGuildAsync(Snowflake guildId, CancellationToken cancellationToken)
    {
        Erased.Enqueue($"guild:{guildId}");
        return Task.FromResult(5L);
    }
}

internal sealed class RecordingGuilds : IDiscordGuilds
{
    public ConcurrentQueue<string> Calls { get; } = new();

    public DiscordResult AddRoleResult { get; set; } = DiscordResult.Ok;

    /// <summary>Runs as Discord adds the role (e.g. the run's timeout firing meanwhile).</summary>
    public Action? WhileAdding { get; set; }

    public Task<DiscordResult> AddRoleAsync(Snowflake guildId, Snowflake userId, Snowflake roleId, string auditLogReason, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"add-role:{guildId}:{userId}:{roleId}");
        WhileAdding?.Invoke();
        return Task.FromResult(AddRoleResult);
    }

    public Task<DiscordResult> RemoveRoleAsync(Snowflake guildId, Snowflake userId, Snowflake roleId, string auditLogReason, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"remove-role:{guildId}:{userId}:{roleId}");
        return Task.FromResult(DiscordResult.Ok);
    }

    public Task<DiscordResult<GuildMember>> GetMemberAsync(Snowflake guildId, Snowflake userId, CancellationToken cancellationToken) =>
        Task.FromResult(new DiscordResult<GuildMember>(new GuildMember(userId, null, null, []), null));
}

internal sealed class RecordingDirectMessages : IDiscordDirectMessages
{
    public ConcurrentQueue<(Snowflake User, string Text)> Sent { get; } = new();

    public ConcurrentQueue<string> SendOnceKeys { get; } = new();

    public DiscordResult Result { get; set; } = DiscordResult.Ok;

    public Task<DiscordResult> SendAsync(Snowflake userId, MessageContent message, string sendOnceKey, CancellationToken cancellationToken)
    {
        Sent.Enqueue((userId, message.Content));
        SendOnceKeys.Enqueue(sendOnceKey);
        return Task.FromResult(Result);
    }
}

/// <summary>A signature is "sig:{address}:{message}": enough to test the flow; real recovery is tested against Nethereum.</summary>
internal sealed class FakeWalletSignatures : IWalletSignatures
{
    public static string Sign(string address, string message) => $"sig:{address}:{message}";

    public WalletAddress? RecoverSigner(string message, string signature)
    {
        var parts = signature.Split(':', 3);
        return parts.Length == 3 && parts[0] == "sig" && parts[2] == message && WalletAddress.TryParse(parts[1], out var a) ? a : null;
    }
}

internal static class FeaturePortFakes
{
    /// <summary>Empty in-memory stores and silent Discord fakes, for tests that only need the handlers to resolve.</summary>
    public static IServiceCollection AddFeaturePortFakes(this IServiceCollection services)
    {
        services.AddSingleton<ISideEffectLog>(new InMemorySideEffects());
        services.AddSingleton<IGuildSettingsStore>(new InMemoryGuildSettings());
        services.AddSingleton<IDiscordGuilds>(new RecordingGuilds());
        services.AddSingleton<IDiscordDirectMessages>(new RecordingDirectMessages());
        return services;
    }
}
