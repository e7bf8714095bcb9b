using Arrakis.Application.Abstractions.Messaging;
using Mediator;

namespace Arrakis.Application.Routing;

/// <summary>
/// Binds interactions to one command: slash commands and autocomplete by command name, components and
/// modals by a <c>customId</c> prefix. Declared next to the command it feeds.
/// </summary>
public interface IInteractionRoute
{
    InteractionKind Kind { get; }

    /// <summary>The command name (commands, autocomplete) or custom id prefix (components, modals).</summary>
    string Key { get; }

    ICommand<Result> Bind(InteractionInput input);
}

/// <inheritdoc cref="IInteractionRoute"/>
public abstract class InteractionRoute<TCommand> : IInteractionRoute
    where TCommand : ICommand<Result>
{
    public abstract InteractionKind Kind { get; }

    public abstract string Key { get; }

    public abstract TCommand Bind(InteractionInput input);

    ICommand<Result> IInteractionRoute.Bind(InteractionInput input) => Bind(input);
}
