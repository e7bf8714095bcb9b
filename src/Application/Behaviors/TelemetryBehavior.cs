using System.Diagnostics;
using Arrakis.Application.Abstractions.Messaging;
using Mediator;

namespace Arrakis.Application.Behaviors;

/// <summary>Outermost: one span and one duration measurement per command, tagged with its outcome.</summary>
internal sealed class TelemetryBehavior<TMessage, TResponse>(TimeProvider? clock = null) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    private static readonly string CommandName = typeof(TMessage).Name;

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        using var activity = ApplicationTelemetry.Source.StartActivity("command " + CommandName, ActivityKind.Internal);
        activity?.SetTag("arrakis.command", CommandName);
        if (message is IInteractionCommand interaction)
        {
            activity?.SetTag("arrakis.interaction.kind", interaction.Interaction.Kind.ToString());
            activity?.SetTag("arrakis.attempt", interaction.Interaction.Attempt);
        }

        var started = _clock.GetTimestamp();
        var outcome = "exception";
        string? code = null;
        try
        {
            var response = await next(message, cancellationToken);
            if (response is Result result)
            {
                outcome = OutcomeName(result.Kind);
                code = result.Error?.Code;
            }
            else
            {
                outcome = "success";
            }

            return response;
        }
        catch (Exception ex)
        {
            activity?.AddException(ex);
            code = ex.GetType().Name;
            throw;
        }
        finally
        {
            activity?.SetTag("arrakis.outcome", outcome);
            if (code is not null)
            {
                activity?.SetTag("arrakis.error.code", code);
            }

            activity?.SetStatus(outcome == "success" ? ActivityStatusCode.Ok : ActivityStatusCode.Error);
            ApplicationTelemetry.CommandDuration.Record(
                _clock.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>("command", CommandName),
                new KeyValuePair<string, object?>("outcome", outcome),
                new KeyValuePair<string, object?>("error.code", code));
        }
    }

    private static string OutcomeName(ResultKind kind) => kind switch
    {
        ResultKind.Success => "success",
        ResultKind.TransientFailure => "transient",
        _ => "permanent",
    };
}
