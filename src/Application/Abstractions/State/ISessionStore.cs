using Arrakis.Domain.Discord;

namespace Arrakis.Application.Abstractions.State;

/// <summary>
/// Documents of multi-step flows (wallet verification…), one per (flow, guild, user), each with a version and an
/// expiry. Writes are compare-and-set on the version: a lost race is reported, never silently overwritten.
/// </summary>
public interface ISessionStore
{
    Task<Session<T>?> GetAsync<T>(SessionKey key, CancellationToken cancellationToken);

    /// <summary>Starts a session at version 1; fails with <see cref="SessionWriteStatus.Conflict"/> when one exists.</summary>
    Task<SessionWrite> CreateAsync<T>(SessionKey key, T document, TimeSpan timeToLive, CancellationToken cancellationToken);

    /// <summary>Replaces the document if its version is still <paramref name="expectedVersion"/>, and resets its expiry.</summary>
    Task<SessionWrite> UpdateAsync<T>(SessionKey key, T document, long expectedVersion, TimeSpan timeToLive, CancellationToken cancellationToken);

    /// <summary>Ends the session if its version is still <paramref name="expectedVersion"/>.</summary>
    Task<SessionWrite> DeleteAsync(SessionKey key, long expectedVersion, CancellationToken cancellationToken);
}

/// <summary>Which session: the flow's name, and the guild and user it belongs to.</summary>
public readonly record struct SessionKey(string Flow, Snowflake GuildId, Snowflake UserId);

/// <summary>A session as read: its document, its version and when it expires.</summary>
public sealed record Session<T>(T Document, long Version, DateTimeOffset ExpiresAt);

/// <summary>What became of a write: done (with the new version), a version conflict (with the version found), or no session.</summary>
public sealed record SessionWrite(SessionWriteStatus Status, long Version)
{
    public bool Succeeded => Status == SessionWriteStatus.Written;
}

public enum SessionWriteStatus
{
    Written,

    /// <summary>Someone else wrote first (or the session already exists, for a create); re-read and decide.</summary>
    Conflict,

    /// <summary>There is no session (never started, expired or ended).</summary>
    NotFound,
}
