using System.Text.Json;
using Arrakis.Application.Abstractions.Discord;
using Arrakis.Domain.Discord;
using Arrakis.Infrastructure.Discord.Rest;
using Arrakis.Infrastructure.Discord.Wire;
using Microsoft.Extensions.Options;

namespace Arrakis.Infrastructure.Discord;

/// <summary>Interaction responses: the callback (within 3 s of the interaction's creation) and the webhook-token routes.</summary>
internal sealed class DiscordInteractionsClient(DiscordRestClient client, IOptions<DiscordOptions> options, TimeProvider time) : IDiscordInteractions
{
    public async Task<DiscordResult> RespondAsync(InteractionTarget interaction, InteractionResponse response, CancellationToken cancellationToken)
    {
        InteractionCallbackPayload payload;
        switch (response)
        {
            case InteractionResponse.Reply reply when MessageMapping.Problem(reply.Message) is { } problem:
                return Rejected(problem);
            case InteractionResponse.Reply reply:
                payload = new InteractionCallbackPayload(4, MessageMapping.CallbackMessage(reply.Message));
                break;
            case InteractionResponse.DeferredReply deferred:
                payload = new InteractionCallbackPayload(5, deferred.Ephemeral ? new CallbackDataPayload { Flags = MessageMapping.EphemeralFlag } : null);
                break;
            case InteractionResponse.DeferredUpdate:
                payload = new InteractionCallbackPayload(6);
                break;
            case InteractionResponse.UpdateMessage update when MessageMapping.Problem(update.Message) is { } problem:
                return Rejected(problem);
            case InteractionResponse.UpdateMessage update:
                payload = new InteractionCallbackPayload(7, MessageMapping.CallbackMessage(update.Message with { Ephemeral = false }));
                break;
            case InteractionResponse.AutocompleteResult { Choices.Count: > 25 }:
                return Rejected("at most 25 autocomplete choices.");
            case InteractionResponse.AutocompleteResult autocomplete:
                payload = new InteractionCallbackPayload(8, MessageMapping.Choices(autocomplete.Choices));
                break;
            case InteractionResponse.OpenModal { Modal.Inputs.Count: < 1 or > 5 }:
                return Rejected("a modal needs 1 to 5 inputs.");
            case InteractionResponse.OpenModal modal:
                payload = new InteractionCallbackPayload(9, MessageMapping.Modal(modal.Modal));
                break;
            default:
                return Rejected("unknown response type " + response.GetType().Name + ".");
        }

        var request = new DiscordRequest(DiscordRoute.InteractionCallback, interaction.InteractionId.ToString(), interaction.Token.Reveal())
        {
            Body = JsonSerializer.SerializeToUtf8Bytes(payload, DiscordJsonContext.Default.InteractionCallbackPayload),
            Deadline = interaction.CreatedAt + InteractionWindow.InitialResponse,
            // Only a 429 or a refused connection is retried, inside the window: a resent callback after a lost answer would be 40060.
            SafeToRetry = false,
        };
        var answer = await client.SendAsync(request, cancellationToken);
        if (answer.Error is null)
        {
            // The acknowledgement latency the user feels: Discord shows "interaction failed" past 3 s.
            DiscordMetrics.Acknowledged(ResponseType(response), time.GetUtcNow() - interaction.CreatedAt);
        }

        return answer.ToResult();
    }

    public async Task<DiscordResult> EditOriginalAsync(InteractionTarget interaction, MessageContent message, CancellationToken cancellationToken)
    {
        if (MessageMapping.Problem(message) is { } problem)
        {
            return Rejected(problem);
        }

        // Flags cannot change on an edit; ephemerality was chosen by the deferral.
        var request = new DiscordRequest(DiscordRoute.EditOriginal, options.Value.ApplicationId, interaction.Token.Reveal())
        {
            Body = JsonSerializer.SerializeToUtf8Bytes(MessageMapping.Message(message, withFlags: false), DiscordJsonContext.Default.MessagePayload),
        };
        return (await client.SendAsync(request, cancellationToken)).ToResult();
    }

    public async Task<DiscordResult> DeleteOriginalAsync(InteractionTarget interaction, CancellationToken cancellationToken) =>
        (await client.SendAsync(new DiscordRequest(DiscordRoute.DeleteOriginal, options.Value.ApplicationId, interaction.Token.Reveal()), cancellationToken)).ToResult();

    public async Task<DiscordResult> FollowUpAsync(InteractionTarget interaction, MessageContent message, CancellationToken cancellationToken)
    {
        if (MessageMapping.Problem(message) is { } problem)
        {
            return Rejected(problem);
        }

        var request = new DiscordRequest(DiscordRoute.FollowUp, options.Value.ApplicationId, interaction.Token.Reveal())
        {
            Body = JsonSerializer.SerializeToUtf8Bytes(MessageMapping.Message(message, withFlags: true), DiscordJsonContext.Default.MessagePayload),
        };
        return (await client.SendAsync(request, cancellationToken)).ToResult();
    }

    private static DiscordResult Rejected(string problem) => DiscordResult.Failed(DiscordErrors.Rejected(problem));

    private static string ResponseType(InteractionResponse response) => response switch
    {
        InteractionResponse.Reply => "reply",
        InteractionResponse.DeferredReply => "deferred-reply",
        InteractionResponse.DeferredUpdate => "deferred-update",
        InteractionResponse.UpdateMessage => "update",
        InteractionResponse.AutocompleteResult => "autocomplete",
        InteractionResponse.OpenModal => "modal",
        _ => "other",
    };
}
