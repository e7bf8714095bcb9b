namespace Arrakis.Domain.Discord;

/// <summary>
/// The secret that lets the worker answer one interaction for 15 minutes. It never prints itself:
/// <see cref="ToString"/> is redacted so that a token cannot reach a log line by accident.
/// </summary>
public sealed class InteractionToken
{
    private readonly string _value;

    public InteractionToken(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        _value = value;
    }

    /// <summary>The raw token, for building the one URL that needs it.</summary>
    public string Reveal() => _value;

    public override string ToString() => "[redacted]";
}
