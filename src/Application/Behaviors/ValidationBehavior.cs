using Arrakis.Application.Abstractions.Messaging;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Arrakis.Application.Behaviors;

/// <summary>
/// Runs the command's FluentValidation validators. An invalid interaction is told what was wrong, ephemerally,
/// and settled; an invalid event can never succeed, so it is a permanent failure (dead-lettered).
/// </summary>
internal sealed class ValidationBehavior<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators, IServiceProvider services)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    private readonly IValidator<TMessage>[] _validators = [.. validators];

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (_validators.Length == 0 || !PipelineResult<TResponse>.Applies)
        {
            return await next(message, cancellationToken);
        }

        var context = new ValidationContext<TMessage>(message);
        var failures = new List<string>();
        foreach (var validator in _validators)
        {
            var result = await validator.ValidateAsync(context, cancellationToken);
            failures.AddRange(result.Errors.Select(e => e.ErrorMessage));
        }

        if (failures.Count == 0)
        {
            return await next(message, cancellationToken);
        }

        var summary = string.Join(" ", failures.Distinct(StringComparer.Ordinal));
        ApplicationTelemetry.Refused(typeof(TMessage).Name, "invalid");
        if (message is IInteractionCommand interaction)
        {
            await services.GetRequiredService<InteractionAnswers>().TellAsync(interaction, summary, cancellationToken);
            return PipelineResult<TResponse>.From(Result.Success);
        }

        return PipelineResult<TResponse>.From(Result.Permanent("invalid", summary));
    }
}
