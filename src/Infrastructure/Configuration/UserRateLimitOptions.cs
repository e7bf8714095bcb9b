using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Arrakis.Infrastructure.Configuration;

/// <summary>Every user's limit across all commands (ours: not in the contract's variables).</summary>
public sealed class UserRateLimitOptions
{
    [ConfigurationKeyName("USER_RATE_LIMIT")]
    [Range(1, 10_000, ErrorMessage = "must be between {1} and {2}.")]
    public int Limit { get; set; } = 5;

    [ConfigurationKeyName("USER_RATE_WINDOW_MS")]
    [Range(100, 3_600_000, ErrorMessage = "must be between {1} and {2}.")]
    public int WindowMs { get; set; } = 10_000;
}
