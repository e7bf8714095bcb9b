using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Application.Behaviors;
using Arrakis.Application.Interactions;
using Arrakis.Application.Routing;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

public static class ApplicationServiceCollectionExtensions
{
    /// <summary>Registers the mediator pipeline, the routes, the validators and the dispatcher.</summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        var assembly = typeof(ApplicationServiceCollectionExtensions).Assembly;

        services.AddMediator((MediatorOptions options) =>
        {
            // One scope per message: the queue adapter opens it, handlers and behaviors live in it.
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.GenerateTypesAsInternal = true;
            options.Assemblies = [typeof(ApplicationServiceCollectionExtensions)];
            // Outermost first. A command opts into a behavior by implementing its marker interface.
            options.PipelineBehaviors =
            [
                typeof(TelemetryBehavior<,>),
                typeof(ValidationBehavior<,>),
                typeof(IdempotencyBehavior<,>),
                typeof(RateLimitBehavior<,>),
                typeof(CooldownBehavior<,>),
                typeof(AcknowledgementBehavior<,>),
            ];
        });

        // A new command declares its route in its own file; the scan finds it.
        services.Scan(scan => scan
            .FromAssemblies(assembly)
            .AddClasses(classes => classes.AssignableTo<IGuildEventRoute>(), publicOnly: false)
                .As<IGuildEventRoute>().WithSingletonLifetime()
            .AddClasses(classes => classes.AssignableTo<IInteractionRoute>(), publicOnly: false)
                .As<IInteractionRoute>().WithSingletonLifetime());

        services.AddValidatorsFromAssembly(assembly, ServiceLifetime.Singleton, includeInternalTypes: true);
        services.AddSingleton<RouteTable>();
        services.TryAddSingleton(new InteractionLimits());
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<InteractionAnswers>();
        services.AddScoped<IMessageDispatcher, MessageDispatcher>();
        return services;
    }
}
