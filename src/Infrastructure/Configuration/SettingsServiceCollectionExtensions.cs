using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Arrakis.Infrastructure.Configuration;

public static class SettingsServiceCollectionExtensions
{
    /// <summary>
    /// Registers a settings class bound from the contract's environment variable names and validated when
    /// the host starts, so that a bad setting stops the worker before it takes a single message.
    /// </summary>
    public static IServiceCollection AddSettings<TSettings>(this IServiceCollection services, IConfiguration configuration)
        where TSettings : class
    {
        services.AddOptions<TSettings>()
            .Configure(settings => SettingsBinder.Bind(configuration, settings))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<TSettings>>(new SettingsValidator<TSettings>(configuration));
        return services;
    }
}
