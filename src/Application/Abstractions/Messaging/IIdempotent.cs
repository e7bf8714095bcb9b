namespace Arrakis.Application.Abstractions.Messaging;

/// <summary>
/// A command that must run once per message even when the message is delivered twice. The idempotency behavior
/// claims the key before the handler runs and marks it done after.
/// </summary>
public interface IIdempotent
{
    /// <summary>Stable across redeliveries: <c>event:{eventId}</c> for events, <c>interaction:{interactionId}</c> for interactions.</summary>
    string IdempotencyKey { get; }
}
