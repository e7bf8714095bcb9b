namespace Arrakis.Application.Abstractions.State;

/// <summary>
/// The state store (Redis) could not be reached or did not answer in time. Every state port throws this, and
/// only this, for an outage, so behaviors can turn it into "retry later" (events) or "temporarily unavailable"
/// (interactions) without knowing the store. The message never carries the store's address or credentials.
/// </summary>
public sealed class StateUnavailableException : Exception
{
    public StateUnavailableException()
        : base("The state store is unavailable.")
    {
    }

    public StateUnavailableException(string message)
        : base(message)
    {
    }

    public StateUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
