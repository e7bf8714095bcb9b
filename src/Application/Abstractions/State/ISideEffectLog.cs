namespace Arrakis.Application.Abstractions.State;

/// <summary>
/// Remembers each side effect of an idempotent message once Discord accepted it, so that a run of the same message
/// after a crash (its claim's lease expired before it was marked done) does not repeat what the first run did.
/// The record is written right after the effect: only an effect in flight at the crash can repeat (ADR 0075).
/// </summary>
public interface ISideEffectLog
{
    /// <summary>Whether <paramref name="effect"/> of the message <paramref name="idempotencyKey"/> was already done.</summary>
    Task<bool> WasDoneAsync(string idempotencyKey, string effect, CancellationToken cancellationToken);

    Task RecordAsync(string idempotencyKey, string effect, CancellationToken cancellationToken);
}
