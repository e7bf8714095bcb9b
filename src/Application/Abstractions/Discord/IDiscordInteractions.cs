namespace Arrakis.Application.Abstractions.Discord;

/// <summary>Answering interactions: callback and webhook-token routes, which carry no bot authorization.</summary>
public interface IDiscordInteractions
{
    /// <summary>The initial response (POST /interactions/{id}/{token}/callback); only one is ever accepted.</summary>
    Task<DiscordResult> RespondAsync(InteractionTarget interaction, InteractionResponse response, CancellationToken cancellationToken);

    /// <summary>Edits the original response (PATCH /webhooks/{app}/{token}/messages/@original).</summary>
    Task<DiscordResult> EditOriginalAsync(InteractionTarget interaction, MessageContent message, CancellationToken cancellationToken);

    /// <summary>Deletes the original response.</summary>
    Task<DiscordResult> DeleteOriginalAsync(InteractionTarget interaction, CancellationToken cancellationToken);

    /// <summary>Sends a follow-up message (POST /webhooks/{app}/{token}).</summary>
    Task<DiscordResult> FollowUpAsync(InteractionTarget interaction, MessageContent message, CancellationToken cancellationToken);
}
