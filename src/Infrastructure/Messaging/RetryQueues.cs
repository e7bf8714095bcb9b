namespace Arrakis.Infrastructure.Messaging;

/// <summary>
/// The worker's delay queues (docs/adr/0012): one per consumed queue and retry delay, holding a copy of a
/// message for the delay (a queue-wide TTL, so no message waits behind a longer one) and then dead-lettering
/// it through the default exchange straight back to the queue it came from.
/// </summary>
internal static class RetryQueues
{
    public const string AttemptHeader = "x-arrakis-attempt";

    /// <summary><c>arrakis.retry.interactions.5000</c> for <c>arrakis.interactions</c> and 5 s.</summary>
    public static string Name(string queue, TimeSpan delay)
    {
        var shortName = queue.StartsWith("arrakis.", StringComparison.Ordinal) ? queue["arrakis.".Length..] : queue;
        return $"arrakis.retry.{shortName}.{(long)delay.TotalMilliseconds}";
    }

    public static Dictionary<string, object?> Arguments(string queue, TimeSpan delay) => new(StringComparer.Ordinal)
    {
        ["x-message-ttl"] = (long)delay.TotalMilliseconds,
        ["x-dead-letter-exchange"] = "",
        ["x-dead-letter-routing-key"] = queue,
    };
}
