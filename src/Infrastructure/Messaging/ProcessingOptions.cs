using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Arrakis.Infrastructure.Messaging;

public sealed class ProcessingOptions
{
    /// <summary>How long after an interaction's creation the worker may still send its deferral.</summary>
    [ConfigurationKeyName("DEFER_TIMEOUT_MS")]
    [Range(100, 2900, ErrorMessage = "must be between {1} and {2} (Discord's window is 3,000 ms).")]
    public int DeferTimeoutMs { get; set; } = 2500;

    /// <summary>A handler running longer than this is cancelled and its message retried later.</summary>
    [ConfigurationKeyName("PROCESSING_TIMEOUT_MS")]
    [Range(100, 900_000, ErrorMessage = "must be between {1} and {2}.")]
    public int ProcessingTimeoutMs { get; set; } = 15_000;

    /// <summary>Bodies larger than this are dead-lettered unread.</summary>
    [ConfigurationKeyName("MAX_MESSAGE_BYTES")]
    [Range(1024, 16 * 1024 * 1024, ErrorMessage = "must be between {1} and {2}.")]
    public int MaxMessageBytes { get; set; } = 256 * 1024;
}
