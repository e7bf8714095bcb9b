using Arrakis.Application.Abstractions.Discord;
using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Application.Abstractions.State;
using Microsoft.Extensions.Logging;

namespace Arrakis.Application.Behaviors;

/// <summary>
/// The one place that decides how the worker's own messages reach a user (refusals, errors, outages): as the
/// initial response while none was sent, otherwise in place of "thinking…" or as an ephemeral follow-up. It
/// records every initial response so that a retried delivery never sends a second one.
/// </summary>
internal sealed partial class InteractionAnswers(
    IDiscordInteractions discord,
    IInteractionResponseLog? responseLog,
    AcknowledgementOptions? options,
    TimeProvider? clock,
    ILogger<InteractionAnswers> logger)
{
    public const string GenericError = "Something went wrong while handling this. Please try again.";
    public const string TemporarilyUnavailable = "This is temporarily unavailable. Please try again in a moment.";

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly TimeSpan _deadline = (options ?? new AcknowledgementOptions()).DeferDeadline;

    /// <summary>Whether an initial response can still reach Discord in time.</summary>
    public bool IsPastDeadline(InteractionInput interaction) => _clock.GetUtcNow() - interaction.CreatedAt > _deadline;

    /// <summary>Whether an earlier delivery of this interaction already sent its initial response.</summary>
    public async Task<bool> WasAnsweredAsync(InteractionInput interaction, CancellationToken cancellationToken)
    {
        // Within the deadline a first delivery need not ask: should an earlier run have answered it after all (a
        // broker redelivery also arrives as attempt 1), Discord's 40060 says so. Past the deadline nothing can be
        // sent to find out, so every delivery asks the record; else a deferred redelivery would be dropped unfinished.
        if (responseLog is null || (interaction.Attempt <= 1 && !IsPastDeadline(interaction)))
        {
            return false;
        }

        try
        {
            return await responseLog.WasAnsweredAsync(interaction.InteractionId, cancellationToken);
        }
        catch (StateUnavailableException)
        {
            // Unknown: try the initial response; Discord's 40060 then tells us it was answered.
            return false;
        }
    }

    /// <summary>Sends the initial response. A 40060 (already acknowledged) counts as answered.</summary>
    public async Task<DiscordResult> RespondAsync(InteractionInput interaction, InteractionResponse response, CancellationToken cancellationToken)
    {
        var result = await discord.RespondAsync(Target(interaction), response, cancellationToken);
        if (result.IsSuccess || result.Error!.Code == DiscordError.InteractionAlreadyAcknowledged)
        {
            await MarkAnsweredAsync(interaction, cancellationToken);
        }

        return result;
    }

    /// <summary>Tells the user <paramref name="text"/>, ephemerally, whatever state the interaction is in.</summary>
    public async Task TellAsync(IInteractionCommand command, string text, CancellationToken cancellationToken)
    {
        var interaction = command.Interaction;
        var answered = await WasAnsweredAsync(interaction, cancellationToken);
        if (!answered)
        {
            if (IsPastDeadline(interaction))
            {
                LogTooLateToTell(interaction.InteractionId.Value);
                return;
            }

            InteractionResponse response = interaction.Kind == InteractionKind.Autocomplete
                ? new InteractionResponse.AutocompleteResult([])
                : new InteractionResponse.Reply(new MessageContent(text, Ephemeral: true));
            var result = await RespondAsync(interaction, response, cancellationToken);
            if (result.IsSuccess || result.Error!.Code != DiscordError.InteractionAlreadyAcknowledged)
            {
                LogIfFailed(result, interaction);
                return;
            }
        }

        await TellAfterAnswerAsync(command, text, cancellationToken);
    }

    /// <summary>Tells the user <paramref name="text"/> once the interaction has its initial response.</summary>
    public async Task TellAfterAnswerAsync(IInteractionCommand command, string text, CancellationToken cancellationToken)
    {
        var interaction = command.Interaction;
        if (interaction.Kind == InteractionKind.Autocomplete)
        {
            return;
        }

        // After a deferred reply the "thinking…" message is ours to replace; after a component update the
        // original is the component's message, which an error must not overwrite.
        var result = command.Acknowledgement is InteractionAcknowledgement.DeferReply or InteractionAcknowledgement.DeferEphemeralReply
            ? await discord.EditOriginalAsync(Target(interaction), new MessageContent(text), cancellationToken)
            : await discord.FollowUpAsync(Target(interaction), new MessageContent(text, Ephemeral: true), cancellationToken);
        LogIfFailed(result, interaction);
    }

    private async Task MarkAnsweredAsync(InteractionInput interaction, CancellationToken cancellationToken)
    {
        if (responseLog is null)
        {
            return;
        }

        try
        {
            await responseLog.MarkAnsweredAsync(interaction.InteractionId, cancellationToken);
        }
        catch (StateUnavailableException)
        {
            // A retry will send a second initial response and learn from Discord's 40060 instead.
            LogCouldNotRecordAnswer(interaction.InteractionId.Value);
        }
    }

    private void LogIfFailed(DiscordResult result, InteractionInput interaction)
    {
        if (!result.IsSuccess)
        {
            LogTellFailed(interaction.InteractionId.Value, result.Error!.HttpStatus, result.Error.Code);
        }
    }

    private static InteractionTarget Target(InteractionInput interaction) => new(interaction.InteractionId, interaction.Token);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Interaction {InteractionId} is past its deadline for an initial response; the user cannot be told")]
    private partial void LogTooLateToTell(ulong interactionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record that interaction {InteractionId} was answered (state store unavailable)")]
    private partial void LogCouldNotRecordAnswer(ulong interactionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell the user of interaction {InteractionId}: HTTP {Status}, Discord code {Code}")]
    private partial void LogTellFailed(ulong interactionId, int status, int code);
}
