using Arrakis.Application.Abstractions.Messaging;
using Mediator;

namespace Arrakis.Application.Routing;

/// <summary>Binds guild events of the given types to one command. Declared next to the command it feeds.</summary>
public interface IGuildEventRoute
{
    IReadOnlyCollection<string> EventTypes { get; }

    ICommand<Result> Bind(GuildEventInput input);
}

/// <inheritdoc cref="IGuildEventRoute"/>
public abstract class GuildEventRoute<TCommand> : IGuildEventRoute
    where TCommand : ICommand<Result>
{
    public abstract IReadOnlyCollection<string> EventTypes { get; }

    public abstract TCommand Bind(GuildEventInput input);

    ICommand<Result> IGuildEventRoute.Bind(GuildEventInput input) => Bind(input);
}
