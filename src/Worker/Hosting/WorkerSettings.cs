using System.ComponentModel.DataAnnotations;

namespace Arrakis.Worker.Hosting;

/// <summary>The host's own settings, under the contract's environment variable names.</summary>
public sealed class WorkerSettings : IValidatableObject
{
    [ConfigurationKeyName("HEALTH_PORT")]
    [Range(0, 65535, ErrorMessage = "must be between {1} and {2}.")]
    public int? HealthPort { get; set; }

    /// <summary>The older name of <see cref="HealthPort"/>; HEALTH_PORT wins when both are set.</summary>
    [ConfigurationKeyName("PORT")]
    [Range(0, 65535, ErrorMessage = "must be between {1} and {2}.")]
    public int? Port { get; set; }

    [ConfigurationKeyName("MEMORY_THRESHOLD_MB")]
    [Range(16, 1_000_000, ErrorMessage = "must be between {1} and {2}.")]
    public int MemoryThresholdMb { get; set; } = 200;

    [ConfigurationKeyName("LOG_LEVEL")]
    public string LogLevel { get; set; } = "info";

    [ConfigurationKeyName("NODE_ENV")]
    public string NodeEnvironment { get; set; } = "production";

    /// <summary>The port the health endpoint listens on; 0 picks a free one (tests).</summary>
    public int EffectiveHealthPort => HealthPort ?? Port ?? 8080;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (LogLevels.Parse(LogLevel) is null)
        {
            yield return new ValidationResult("must be one of " + LogLevels.Names + ".", [nameof(LogLevel)]);
        }
    }
}
