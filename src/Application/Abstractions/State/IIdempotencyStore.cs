namespace Arrakis.Application.Abstractions.State;

/// <summary>
/// Claim-then-complete deduplication. A claim holds a processing lease (so a crashed worker's claim expires and
/// a redelivery can run); completing turns it into a "done" record kept for the dedup window; releasing
/// gives a failed attempt's claim back so that its retry can run.
/// </summary>
public interface IIdempotencyStore
{
    /// <summary>Claims <paramref name="key"/> for one run, or says why not.</summary>
    Task<IdempotencyClaim> TryClaimAsync(string key, CancellationToken cancellationToken);

    /// <summary>Marks the claimed key done. False when the lease was lost meanwhile (another run may have happened).</summary>
    Task<bool> CompleteAsync(IdempotencyClaim claim, CancellationToken cancellationToken);

    /// <summary>Gives the claim back, only if it is still ours, so a retry can run.</summary>
    Task ReleaseAsync(IdempotencyClaim claim, CancellationToken cancellationToken);
}

/// <summary>The answer to a claim: ours (with the owner token that proves it), already done, or in progress elsewhere.</summary>
public sealed record IdempotencyClaim(string Key, IdempotencyClaimStatus Status, string? OwnerToken, TimeSpan? LeaseRemaining)
{
    public bool IsClaimed => Status == IdempotencyClaimStatus.Claimed;
}

public enum IdempotencyClaimStatus
{
    /// <summary>Ours to run.</summary>
    Claimed,

    /// <summary>A run already finished: acknowledge without running.</summary>
    AlreadyDone,

    /// <summary>Another run holds a live lease: retry later.</summary>
    InProgress,
}
