using Arrakis.Application.Abstractions.Discord;
using Arrakis.Application.Abstractions.Messaging;

namespace Arrakis.Application.Interactions;

/// <summary>Turns a Discord answer into the message's outcome: transient failures are retried, the rest are final.</summary>
public static class DiscordResultExtensions
{
    public static Result ToResult(this DiscordResult result) => result.Error switch
    {
        null => Result.Success,
        // Too late or already answered: retrying cannot change that, and the user has (or can have) no answer.
        { Code: DiscordError.UnknownInteraction or DiscordError.InteractionAlreadyAcknowledged } => Result.Success,
        { IsTransient: true } error => Result.Transient("discord-" + error.HttpStatus, error.Message),
        var error => Result.Permanent("discord-" + (error.Code != 0 ? error.Code : error.HttpStatus), error.Message),
    };
}
