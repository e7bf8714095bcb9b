namespace Arrakis.Application.Abstractions.Messaging;

/// <summary>
/// The application's entry point for the queue adapters: binds an input to its command, sends it through
/// the mediator pipeline, and returns what became of it.
/// </summary>
public interface IMessageDispatcher
{
    ValueTask<Result> DispatchAsync(GuildEventInput input, CancellationToken cancellationToken);

    ValueTask<Result> DispatchAsync(InteractionInput input, CancellationToken cancellationToken);
}
