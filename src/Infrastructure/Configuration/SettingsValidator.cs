using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Arrakis.Infrastructure.Configuration;

/// <summary>
/// Validates one settings class at start-up: values that did not convert, data annotations, and the class's
/// own <see cref="IValidatableObject"/> rules. Every failure names the environment variable, never its value.
/// </summary>
internal sealed class SettingsValidator<TSettings>(IConfiguration configuration) : IValidateOptions<TSettings>
    where TSettings : class
{
    public ValidateOptionsResult Validate(string? name, TSettings options)
    {
        var problems = SettingsBinder.ConversionProblems(configuration, typeof(TSettings)).ToList();
        var unconvertible = problems.Count > 0;

        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        foreach (var result in results)
        {
            var key = result.MemberNames.Select(m => SettingsBinder.KeyOf(typeof(TSettings), m)).FirstOrDefault();
            var message = key is null ? result.ErrorMessage : $"{key} {result.ErrorMessage}";
            // A value that did not convert was left at its default; do not report it twice.
            if (message is not null && !(unconvertible && key is not null && problems.Exists(p => p.StartsWith(key + " ", StringComparison.Ordinal))))
            {
                problems.Add(message);
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
