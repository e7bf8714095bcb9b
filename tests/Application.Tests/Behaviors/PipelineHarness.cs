using Arrakis.Application.Abstractions.Discord;
using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Application.Abstractions.State;
using Arrakis.Application.Behaviors;
using Arrakis.Application.Members;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Arrakis.Application.Tests.Behaviors;

/// <summary>
/// The real application registrations with in-memory fakes of the ports. The source generator registers behaviors
/// per command of the Application assembly, so SendAsync takes the behavior order the
/// generator registered for <see cref="MemberJoined"/>, closes it over the test command, and chains it exactly as
/// the generated mediator does (first registered = outermost).
/// </summary>
internal sealed class PipelineHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 11, 27, 1, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _services;

    public PipelineHarness(bool withStores = true)
    {
        Discord = new FakeDiscordInteractions(Journal);
        Idempotency = new FakeIdempotencyStore(Journal);
        RateLimiter = new FakeRateLimiter(Journal);
        Cooldowns = new FakeCooldownStore(Journal);
        ResponseLog = new FakeResponseLog(Journal);
        var services = new ServiceCollection().AddFakeLogging().AddApplication();
        services.AddSingleton(Journal);
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton(new AcknowledgementOptions { DeferDeadline = TimeSpan.FromMilliseconds(2500) });
        services.AddSingleton<IDiscordInteractions>(Discord);
        services.AddSingleton<IValidator<TestInteraction>, TestInteractionValidator>();
        services.AddSingleton<IValidator<TestEvent>, TestEventValidator>();
        if (withStores)
        {
            services.AddSingleton<IIdempotencyStore>(Idempotency);
            services.AddSingleton<IRateLimiter>(RateLimiter);
            services.AddSingleton<ICooldownStore>(Cooldowns);
            services.AddSingleton<IInteractionResponseLog>(ResponseLog);
        }

        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    public Journal Journal { get; } = new();

    public ManualClock Clock { get; } = new(Now);

    public FakeDiscordInteractions Discord { get; }

    public FakeIdempotencyStore Idempotency { get; }

    public FakeRateLimiter RateLimiter { get; }

    public FakeCooldownStore Cooldowns { get; }

    public FakeResponseLog ResponseLog { get; }

    public IServiceProvider Services => _services;

    /// <summary>The behavior types, outermost first, as the generator registered them.</summary>
    public IReadOnlyList<Type> BehaviorOrder()
    {
        using var scope = _services.CreateScope();
        return [.. scope.ServiceProvider.GetServices<IPipelineBehavior<MemberJoined, Result>>().Select(b => b.GetType().GetGenericTypeDefinition())];
    }

    public async Task<Result> SendAsync<TCommand>(TCommand command, Func<TCommand, CancellationToken, ValueTask<Result>> handler)
        where TCommand : ICommand<Result>
    {
        await using var scope = _services.CreateAsyncScope();
        MessageHandlerDelegate<TCommand, Result> next = (message, ct) =>
        {
            Journal.Add("handler");
            return handler(message, ct);
        };
        foreach (var definition in BehaviorOrder().Reverse())
        {
            var behavior = (IPipelineBehavior<TCommand, Result>)ActivatorUtilities.CreateInstance(
                scope.ServiceProvider, definition.MakeGenericType(typeof(TCommand), typeof(Result)));
            var inner = next;
            next = (message, ct) => behavior.Handle(message, inner, ct);
        }

        return await next(command, CancellationToken.None);
    }

    public Task<Result> SendAsync<TCommand>(TCommand command, Result? handlerResult = null)
        where TCommand : ICommand<Result> =>
        SendAsync(command, (_, _) => ValueTask.FromResult(handlerResult ?? Result.Success));

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
