using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Arrakis.Infrastructure.Messaging;

/// <summary>How the queue consumers work, retry and stop: our own settings, beside the contract's.</summary>
public sealed class ConsumerOptions : IValidatableObject
{
    private const int MaxRetryDelayMs = 24 * 60 * 60 * 1000;

    /// <summary>Interactions handled at once; 0 means as many as <c>INTERACTION_PREFETCH</c> (docs/adr/0011).</summary>
    [ConfigurationKeyName("INTERACTION_CONCURRENCY")]
    [Range(0, 5000, ErrorMessage = "must be between {1} and {2} (0: the prefetch).")]
    public int InteractionConcurrency { get; set; }

    /// <summary>Guild events handled at once; 0 means as many as <c>EVENT_PREFETCH</c>.</summary>
    [ConfigurationKeyName("EVENT_CONCURRENCY")]
    [Range(0, 5000, ErrorMessage = "must be between {1} and {2} (0: the prefetch).")]
    public int EventConcurrency { get; set; }

    /// <summary>Delays before each retry of a transient failure, comma-separated; their count bounds the retries.</summary>
    [ConfigurationKeyName("RETRY_DELAYS_MS")]
    [Required(ErrorMessage = "must not be empty.")]
    public string RetryDelaysMs { get; set; } = "1000,5000,30000,120000,600000";

    /// <summary>How long a stopping worker lets in-flight messages finish; below ECS's 30 s stop timeout.</summary>
    [ConfigurationKeyName("SHUTDOWN_TIMEOUT_MS")]
    [Range(0, 600_000, ErrorMessage = "must be between {1} and {2}.")]
    public int ShutdownTimeoutMs { get; set; } = 25_000;

    public IReadOnlyList<TimeSpan> RetryDelays => ParseDelays(RetryDelaysMs) ?? [];

    /// <summary>Attempts in all: the first delivery and one per retry delay.</summary>
    public int MaxAttempts => RetryDelays.Count + 1;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ParseDelays(RetryDelaysMs) is null)
        {
            yield return new ValidationResult(
                $"must be a comma-separated list of 1 to 20 delays in milliseconds, each between 1 and {MaxRetryDelayMs}.",
                [nameof(RetryDelaysMs)]);
        }
    }

    private static List<TimeSpan>? ParseDelays(string? text)
    {
        var parts = (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is 0 or > 20)
        {
            return null;
        }

        var delays = new List<TimeSpan>(parts.Length);
        foreach (var part in parts)
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) || ms is < 1 or > MaxRetryDelayMs)
            {
                return null;
            }

            delays.Add(TimeSpan.FromMilliseconds(ms));
        }

        return delays;
    }
}
