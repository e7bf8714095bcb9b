using Microsoft.Extensions.Options;

namespace Arrakis.Infrastructure.Configuration;

/// <summary>Turns the host's start-up validation failure into the list of problems it holds.</summary>
public static class SettingsErrors
{
    public static IReadOnlyList<string>? From(Exception exception) => exception switch
    {
        OptionsValidationException single => single.Failures.ToList(),
        AggregateException many when many.InnerExceptions.All(e => e is OptionsValidationException) =>
            many.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures).ToList(),
        _ => null,
    };
}
