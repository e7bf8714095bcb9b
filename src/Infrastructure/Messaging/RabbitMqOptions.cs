using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Arrakis.Infrastructure.Messaging;

/// <summary>Broker settings, under the contract's environment variable names.</summary>
public sealed class RabbitMqOptions : IValidatableObject
{
    [ConfigurationKeyName("RABBITMQ_URL")]
    [Required(ErrorMessage = "is required.")]
    public string Url { get; set; } = "";

    [ConfigurationKeyName("EXCHANGE_NAME")]
    [Required(ErrorMessage = "must not be empty.")]
    public string ExchangeName { get; set; } = "arrakis.events";

    [ConfigurationKeyName("INTERACTION_QUEUE")]
    [Required(ErrorMessage = "must not be empty.")]
    public string InteractionQueue { get; set; } = "arrakis.interactions";

    [ConfigurationKeyName("EVENT_QUEUE")]
    [Required(ErrorMessage = "must not be empty.")]
    public string EventQueue { get; set; } = "arrakis.events.guild";

    [ConfigurationKeyName("DLQ_QUEUE")]
    [Required(ErrorMessage = "must not be empty.")]
    public string DeadLetterQueue { get; set; } = "arrakis.dlq";

    /// <summary>Not in the contract's variables: the production topology fixes it, tests may move it.</summary>
    [ConfigurationKeyName("DEAD_LETTER_EXCHANGE")]
    [Required(ErrorMessage = "must not be empty.")]
    public string DeadLetterExchange { get; set; } = "arrakis.dlx";

    /// <summary>Interaction handling waits on Discord, not on the CPU: hold enough to keep the 3-second window.</summary>
    [ConfigurationKeyName("INTERACTION_PREFETCH")]
    [Range(1, 5000, ErrorMessage = "must be between {1} and {2}.")]
    public ushort InteractionPrefetch { get; set; } = 100;

    // Guild events have no 3-second window: a wider window makes larger Redis batches and acknowledgement runs (docs/adr/0011).
    [ConfigurationKeyName("EVENT_PREFETCH")]
    [Range(1, 5000, ErrorMessage = "must be between {1} and {2}.")]
    public ushort EventPrefetch { get; set; } = 500;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps"))
        {
            yield return new ValidationResult("must be an amqp:// or amqps:// URL.", [nameof(Url)]);
        }
    }
}
