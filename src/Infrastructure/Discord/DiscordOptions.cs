using System.ComponentModel.DataAnnotations;
using Arrakis.Domain.Discord;
using Microsoft.Extensions.Configuration;

namespace Arrakis.Infrastructure.Discord;

public sealed class DiscordOptions : IValidatableObject
{
    [ConfigurationKeyName("DISCORD_APPLICATION_ID")]
    [Required(ErrorMessage = "is required.")]
    public string ApplicationId { get; set; } = "";

    /// <summary>A secret: validation names it, never prints it.</summary>
    [ConfigurationKeyName("DISCORD_BOT_TOKEN")]
    [Required(ErrorMessage = "is required.")]
    public string BotToken { get; set; } = "";

    /// <summary>Discord's API root; the client calls <c>/v10/...</c> under it. Tests point it at the simulator.</summary>
    [ConfigurationKeyName("DISCORD_API_BASE_URL")]
    [Required(ErrorMessage = "must not be empty.")]
    public string ApiBaseUrl { get; set; } = "https://discord.com/api";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Snowflake.TryParse(ApplicationId, out _))
        {
            yield return new ValidationResult("must be a Discord snowflake (digits only).", [nameof(ApplicationId)]);
        }

        if (!Uri.TryCreate(ApiBaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            yield return new ValidationResult("must be an absolute http:// or https:// URL.", [nameof(ApiBaseUrl)]);
        }
    }
}
