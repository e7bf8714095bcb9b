using System.Collections.Concurrent;
using Arrakis.Application.Abstractions.Discord;
using Arrakis.Application.Abstractions.State;
using Arrakis.Domain.Discord;

namespace Arrakis.Application.Tests.Behaviors;

/// <summary>What happened, in order, across every fake of one test: the order tests read it.</summary>
public sealed class Journal
{
    private readonly ConcurrentQueue<string> _entries = new();

    public IReadOnlyList<string> Entries => [.. _entries];

    public void Add(string entry) => _entries.Enqueue(entry);
}

public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

internal sealed class FakeIdempotencyStore(Journal journal) : IIdempotencyStore
{
    private readonly ConcurrentDictionary<string, string> _state = new(StringComparer.Ordinal);

    public bool Unavailable { get; set; }

    public string? StateOf(string key) => _state.GetValueOrDefault(key);

    public void MarkDone(string key) => _state[key] = "done";

    public void MarkInProgress(string key) => _state[key] = "P:someone-else";

    public Task<IdempotencyClaim> TryClaimAsync(string key, CancellationToken cancellationToken)
    {
        journal.Add("claim");
        ThrowIfUnavailable();
        var owner = Guid.NewGuid().ToString("N");
        if (_state.TryAdd(key, "P:" + owner))
        {
            return Task.FromResult(new IdempotencyClaim(key, IdempotencyClaimStatus.Claimed, owner, TimeSpan.FromSeconds(30)));
        }

        return Task.FromResult(_state[key] == "done"
            ? new IdempotencyClaim(key, IdempotencyClaimStatus.AlreadyDone, null, null)
            : new IdempotencyClaim(key, IdempotencyClaimStatus.InProgress, null, TimeSpan.FromSeconds(12)));
    }

    public Task<bool> CompleteAsync(IdempotencyClaim claim, CancellationToken cancellationToken)
    {
        journal.Add("complete");
        ThrowIfUnavailable();
        return Task.FromResult(_state.TryUpdate(claim.Key, "done", "P:" + claim.OwnerToken));
    }

    public Task ReleaseAsync(IdempotencyClaim claim, CancellationToken cancellationToken)
    {
        journal.Add("release");
        ThrowIfUnavailable();
        _state.TryRemove(new KeyValuePair<string, string>(claim.Key, "P:" + claim.OwnerToken));
        return Task.CompletedTask;
    }

    private void ThrowIfUnavailable()
    {
        if (Unavailable)
        {
            throw new StateUnavailableException();
        }
    }
}

internal sealed class FakeRateLimiter(Journal journal) : IRateLimiter
{
    public RateLimitDecision Decision { get; set; } = new(true, 1, TimeSpan.Zero);

    public bool Unavailable { get; set; }

    public Task<RateLimitDecision> TryAcquireAsync(string scope, string id, int limit, TimeSpan window, string requestId, CancellationToken cancellationToken)
    {
        journal.Add("rate-limit");
        return Unavailable ? throw new StateUnavailableException() : Task.FromResult(Decision);
    }
}

internal sealed class FakeCooldownStore(Journal journal) : ICooldownStore
{
    public CooldownDecision Decision { get; set; } = new(true, TimeSpan.Zero);

    public bool Unavailable { get; set; }

    public Task<CooldownDecision> TryStartAsync(string command, Snowflake userId, TimeSpan cooldown, string holder, CancellationToken cancellationToken)
    {
        journal.Add("cooldown");
        return Unavailable ? throw new StateUnavailableException() : Task.FromResult(Decision);
    }
}

internal sealed class FakeResponseLog(Journal journal) : IInteractionResponseLog
{
    private readonly ConcurrentDictionary<Snowflake, bool> _answered = new();

    public bool Unavailable { get; set; }

    public Task MarkAnsweredAsync(Snowflake interactionId, CancellationToken cancellationToken)
    {
        journal.Add("mark-answered");
        if (Unavailable)
        {
            throw new StateUnavailableException();
        }

        _answered[interactionId] = true;
        return Task.CompletedTask;
    }

    public Task<bool> WasAnsweredAsync(Snowflake interactionId, CancellationToken cancellationToken) =>
        Unavailable ? throw new StateUnavailableException() : Task.FromResult(_answered.ContainsKey(interactionId));
}

/// <summary>Records every call to Discord; <see cref="RespondResult"/> scripts what the initial response gets.</summary>
internal sealed class FakeDiscordInteractions(Journal journal) : IDiscordInteractions
{
    private readonly ConcurrentQueue<(string Call, object? Body)> _calls = new();

    public DiscordResult RespondResult { get; set; } = DiscordResult.Ok;

    public IReadOnlyList<(string Call, object? Body)> Calls => [.. _calls];

    public Task<DiscordResult> RespondAsync(InteractionTarget interaction, InteractionResponse response, CancellationToken cancellationToken)
    {
        Record("respond", response);
        return Task.FromResult(RespondResult);
    }

    public Task<DiscordResult> EditOriginalAsync(InteractionTarget interaction, MessageContent message, CancellationToken cancellationToken)
    {
        Record("edit-original", message);
        return Task.FromResult(DiscordResult.Ok);
    }

    public Task<DiscordResult> DeleteOriginalAsync(InteractionTarget interaction, CancellationToken cancellationToken)
    {
        Record("delete-original", null);
        return Task.FromResult(DiscordResult.Ok);
    }

    public Task<DiscordResult> FollowUpAsync(InteractionTarget interaction, MessageContent message, CancellationToken cancellationToken)
    {
        Record("follow-up", message);
        return Task.FromResult(DiscordResult.Ok);
    }

    private void Record(string call, object? body)
    {
        journal.Add("discord:" + call + (body is null ? "" : ":" + body.GetType().Name));
        _calls.Enqueue((call, body));
    }
}
