namespace Arrakis.Infrastructure.Messaging;

/// <summary>The headers a dead-lettered message carries to say why it is in <c>arrakis.dlq</c>.</summary>
public static class DeadLetterHeaders
{
    public const string Reason = "x-arrakis-reason";
    public const string Error = "x-arrakis-error";
    public const string ExceptionType = "x-arrakis-exception-type";
    public const string Attempts = "x-arrakis-attempts";
    public const string OriginalQueue = "x-arrakis-original-queue";
    public const string OriginalRoutingKey = "x-arrakis-original-routing-key";
    public const string FailedAt = "x-arrakis-failed-at";
}
