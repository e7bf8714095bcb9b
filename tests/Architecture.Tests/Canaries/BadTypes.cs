// Deliberately broken types: each architecture rule must report the one aimed at it.
#pragma warning disable CA1812, CA1822, CA2000, IDE0051, CS0169, CA1823
using Arrakis.Application.Abstractions.Discord;
using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Domain.Discord;
using Mediator;
using StackExchange.Redis;

namespace Arrakis.Architecture.Tests.Canaries.Domain
{
    public sealed class DomainTypeThatLogs(ILogger logger)
    {
        public ILogger Logger { get; } = logger;
    }
}

namespace Arrakis.Architecture.Tests.Canaries.Application
{
    public sealed class ApplicationTypeThatTalksToRedis(IConnectionMultiplexer redis)
    {
        public IConnectionMultiplexer Redis { get; } = redis;
    }
}

namespace Arrakis.Architecture.Tests.Canaries.Infrastructure
{
    public sealed class AdapterThatReadsHostSettings(Arrakis.Worker.Hosting.WorkerSettings settings)
    {
        public int Port => settings.EffectiveHealthPort;
    }
}

namespace Arrakis.Architecture.Tests.Canaries.Worker
{
    public sealed class HostThatCallsDiscordItself(HttpClient http)
    {
        public HttpClient Http { get; } = http;
    }
}

namespace Arrakis.Architecture.Tests.Canaries.Handlers
{
    public sealed record CanaryCommand : ICommand<Result>;

    public sealed record OrphanCommand : ICommand<Result>;

    public sealed record TwiceHandledCommand : ICommand<Result>;

    // Public and unsealed, and it dispatches through the mediator.
    public class PublicDispatchingHandler(ISender sender) : ICommandHandler<CanaryCommand, Result>
    {
        public ValueTask<Result> Handle(CanaryCommand command, CancellationToken cancellationToken) => sender.Send(command, cancellationToken);
    }

    internal sealed class FirstTwiceHandler : ICommandHandler<TwiceHandledCommand, Result>
    {
        public ValueTask<Result> Handle(TwiceHandledCommand command, CancellationToken cancellationToken) => ValueTask.FromResult(Result.Success);
    }

    internal sealed class SecondTwiceHandler : ICommandHandler<TwiceHandledCommand, Result>
    {
        public ValueTask<Result> Handle(TwiceHandledCommand command, CancellationToken cancellationToken) => ValueTask.FromResult(Result.Success);
    }
}

namespace Arrakis.Architecture.Tests.Canaries.Behaviors
{
    public sealed class PublicLoggingBehavior<TMessage, TResponse> : IPipelineBehavior<TMessage, TResponse>
        where TMessage : notnull, IMessage
    {
        public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken) =>
            next(message, cancellationToken);
    }
}

namespace Arrakis.Architecture.Tests.Canaries.Adapters
{
    public class PublicGuildsAdapter : IDiscordDirectMessages
    {
        public Task<DiscordResult> SendAsync(Snowflake userId, MessageContent message, string sendOnceKey, CancellationToken cancellationToken) =>
            Task.FromResult(DiscordResult.Ok);
    }
}

namespace Arrakis.Architecture.Tests.Canaries.Hosted
{
    internal sealed class StrayBackgroundService : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
    }
}
