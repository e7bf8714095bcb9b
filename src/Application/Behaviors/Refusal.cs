using Arrakis.Application.Abstractions.Messaging;
using Microsoft.Extensions.DependencyInjection;

namespace Arrakis.Application.Behaviors;

/// <summary>
/// How a limit refuses a command, the same for rate limits and cooldowns: an interaction is told at once
/// (ephemerally) how long to wait and is settled; an event is retried later.
/// </summary>
internal static class Refusal
{
    public static async ValueTask<TResponse> RefuseAsync<TResponse>(
        IServiceProvider services, object message, string command, string reason, string userText, Result eventResult,
        CancellationToken cancellationToken)
    {
        ApplicationTelemetry.Refused(command, reason);
        if (message is IInteractionCommand interaction)
        {
            await services.GetRequiredService<InteractionAnswers>().TellAsync(interaction, userText, cancellationToken);
            return PipelineResult<TResponse>.From(Result.Success);
        }

        return PipelineResult<TResponse>.From(eventResult);
    }
}
