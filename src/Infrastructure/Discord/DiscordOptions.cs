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

    /// <summary>Requests per second for the whole fleet with this bot token (Discord's default is 50; large bots get more).</summary>
    [ConfigurationKeyName("DISCORD_GLOBAL_RATE_LIMIT")]
    public int GlobalRateLimit { get; set; } = 50;

    /// <summary>
    /// 401, 403 and non-shared 429 answers allowed in 10 minutes before bot-token requests stop. Cloudflare bans
    /// the IP at 10,000; half of that leaves room for interaction answers and for other processes on the IP.
    /// </summary>
    [ConfigurationKeyName("DISCORD_INVALID_REQUEST_LIMIT")]
    public int InvalidRequestLimit { get; set; } = 5000;

    /// <summary>Added to the global limiter's one-second window, so that network jitter cannot put 51 requests into Discord's second.</summary>
    public TimeSpan GlobalWindowMargin { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Waited beyond a bucket's reset and a 429's retry_after.</summary>
    public TimeSpan ResetMargin { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>How long one request may take, rate-limit waits included (interaction callbacks: their 3 s window).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long one attempt may wait for its answer; a safe request is then tried again within <see cref="RequestTimeout"/>.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries of a transient failure (5xx, timeout, connection) when the request is safe to repeat.</summary>
    public int MaxRetries { get; set; } = 3;

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>A 429 asking to wait longer than this is returned as a transient failure instead of waited out.</summary>
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long every bot-token request stops after Discord's edge answers with a ban (a 429 without rate-limit headers).</summary>
    public TimeSpan BanPause { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a user who refused a DM (50007) is not tried again.</summary>
    public TimeSpan ClosedDirectMessageMemory { get; set; } = TimeSpan.FromHours(1);

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

        if (GlobalRateLimit is < 1 or > 100_000)
        {
            yield return new ValidationResult("must be between 1 and 100000.", [nameof(GlobalRateLimit)]);
        }

        if (InvalidRequestLimit is < 1 or > 9_000)
        {
            yield return new ValidationResult("must be between 1 and 9000 (Cloudflare bans at 10000 in 10 minutes).", [nameof(InvalidRequestLimit)]);
        }
    }
}
