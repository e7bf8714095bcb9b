using Arrakis.Application.Abstractions.Messaging;

namespace Arrakis.Application.Behaviors;

/// <summary>Behaviors are open generics over the response; the commands they act on all answer <see cref="Result"/>.</summary>
internal static class PipelineResult<TResponse>
{
    public static bool Applies { get; } = typeof(TResponse) == typeof(Result);

    public static TResponse From(Result result) => (TResponse)(object)result;
}
