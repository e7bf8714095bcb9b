using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Arrakis.Infrastructure.Redis;

public sealed class RedisOptions : IValidatableObject
{
    /// <summary><c>redis://[[user]:password@]host[:port][/db]</c>, or <c>rediss://</c> for TLS.</summary>
    [ConfigurationKeyName("REDIS_URL")]
    [Required(ErrorMessage = "is required.")]
    public string Url { get; set; } = "";

    /// <summary>Every key the worker writes starts with this, so deployments (and test classes) never collide.</summary>
    [ConfigurationKeyName("REDIS_KEY_PREFIX")]
    [Required(ErrorMessage = "must not be empty.")]
    public string KeyPrefix { get; set; } = "arrakis:";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!RedisUrl.TryParse(Url, out _))
        {
            yield return new ValidationResult("must be a redis:// or rediss:// URL.", [nameof(Url)]);
        }
    }
}
