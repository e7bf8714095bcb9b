using Arrakis.Application.Abstractions.Discord;
using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Application.Abstractions.State;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Arrakis.Application.Behaviors;

/// <summary>
/// Innermost: sends a deferring command's deferral before its handler runs, and makes sure the user sees an
/// answer whatever happens next (an error in place of "thinking…", never a spinner left forever). A retried
/// delivery whose interaction was already answered is not deferred again (Discord would answer 40060); the handler
/// edits or follows up as usual. An interaction past the deferral deadline that was never answered cannot be
/// answered at all: it is counted and dropped.
/// </summary>
internal sealed partial class AcknowledgementBehavior<TMessage, TResponse>(
    IServiceProvider services,
    ILogger<AcknowledgementBehavior<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    private static readonly string CommandName = typeof(TMessage).Name;

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (message is not IInteractionCommand command || !PipelineResult<TResponse>.Applies)
        {
            return await next(message, cancellationToken);
        }

        var answers = services.GetRequiredService<InteractionAnswers>();
        if (command.Acknowledgement == InteractionAcknowledgement.None)
        {
            return await RunAsync(command, answers, answered: false, message, next, cancellationToken);
        }

        var interaction = command.Interaction;
        if (!await answers.WasAnsweredAsync(interaction, cancellationToken))
        {
            if (answers.IsPastDeadline(interaction))
            {
                LogTooLate(CommandName, interaction.InteractionId.Value, interaction.Attempt);
                ApplicationTelemetry.Refused(CommandName, "expired");
                if (interaction.Attempt > 1)
                {
                    // An earlier attempt may have deferred without managing to record it: replace its "thinking…" if
                    // there is one (without one, Discord refuses the edit and nothing happens).
                    await TellQuietlyAsync(command, answers, answered: true, InteractionAnswers.GenericError);
                }

                return PipelineResult<TResponse>.From(Result.Success);
            }

            var deferral = await answers.RespondAsync(interaction, Deferral(command.Acknowledgement), cancellationToken);
            if (!deferral.IsSuccess && deferral.Error!.Code != DiscordError.InteractionAlreadyAcknowledged)
            {
                return PipelineResult<TResponse>.From(DeferralFailed(interaction, deferral.Error));
            }
        }

        return await RunAsync(command, answers, answered: true, message, next, cancellationToken);
    }

    private async ValueTask<TResponse> RunAsync(
        IInteractionCommand command, InteractionAnswers answers, bool answered,
        TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        TResponse response;
        try
        {
            response = await next(message, cancellationToken);
        }
        catch (StateUnavailableException)
        {
            await TellQuietlyAsync(command, answers, answered, InteractionAnswers.TemporarilyUnavailable);
            return PipelineResult<TResponse>.From(Result.Transient("state-unavailable", "The state store became unavailable while handling the interaction."));
        }
        catch (Exception ex)
        {
            LogHandlerThrew(ex, CommandName, command.Interaction.InteractionId.Value);
            await TellQuietlyAsync(command, answers, answered, InteractionAnswers.GenericError);
            throw;
        }

        if (response is Result { IsSuccess: false } failed)
        {
            LogHandlerFailed(CommandName, command.Interaction.InteractionId.Value, failed.Error?.Code);
            await TellQuietlyAsync(command, answers, answered, InteractionAnswers.GenericError);
        }

        return response;
    }

    private async Task TellQuietlyAsync(IInteractionCommand command, InteractionAnswers answers, bool answered, string text)
    {
        try
        {
            // Not the message's token: the handler may have failed because that token fired, and the user must still be told.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            if (answered)
            {
                await answers.TellAfterAnswerAsync(command, text, timeout.Token);
            }
            else
            {
                await answers.TellAsync(command, text, timeout.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or StateUnavailableException)
        {
            LogCouldNotTell(CommandName, command.Interaction.InteractionId.Value);
        }
    }

    private Result DeferralFailed(InteractionInput interaction, DiscordError error)
    {
        LogDeferralFailed(CommandName, interaction.InteractionId.Value, error.HttpStatus, error.Code);
        if (error.Code == DiscordError.UnknownInteraction)
        {
            // Discord no longer knows it (the 3-second window closed on the way): nothing can answer it now.
            ApplicationTelemetry.Refused(CommandName, "expired");
            return Result.Success;
        }

        return error.IsTransient
            ? Result.Transient("discord-unavailable", $"The deferral failed: HTTP {error.HttpStatus}.")
            : Result.Permanent("deferral-refused", $"Discord refused the deferral: HTTP {error.HttpStatus}, code {error.Code}.");
    }

    private static InteractionResponse Deferral(InteractionAcknowledgement acknowledgement) => acknowledgement switch
    {
        InteractionAcknowledgement.DeferReply => new InteractionResponse.DeferredReply(Ephemeral: false),
        InteractionAcknowledgement.DeferEphemeralReply => new InteractionResponse.DeferredReply(Ephemeral: true),
        InteractionAcknowledgement.DeferUpdate => new InteractionResponse.DeferredUpdate(),
        _ => throw new ArgumentOutOfRangeException(nameof(acknowledgement), acknowledgement, "Not a deferral."),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Command}: interaction {InteractionId} (attempt {Attempt}) is past its deferral deadline and was never answered; dropped")]
    private partial void LogTooLate(string command, ulong interactionId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Command}: deferral of interaction {InteractionId} failed: HTTP {Status}, Discord code {Code}")]
    private partial void LogDeferralFailed(string command, ulong interactionId, int status, int code);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Command}: the handler of interaction {InteractionId} threw")]
    private partial void LogHandlerThrew(Exception exception, string command, ulong interactionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Command}: the handler of interaction {InteractionId} failed with {Code}; the user is shown an error")]
    private partial void LogHandlerFailed(string command, ulong interactionId, string? code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Command}: could not show interaction {InteractionId}'s user an error")]
    private partial void LogCouldNotTell(string command, ulong interactionId);
}
