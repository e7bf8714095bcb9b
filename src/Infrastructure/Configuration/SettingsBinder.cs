using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace Arrakis.Infrastructure.Configuration;

/// <summary>
/// Binds a settings class whose properties carry <see cref="ConfigurationKeyNameAttribute"/> (the contract's
/// environment variable names) and reports every value that cannot be converted, by its variable name and
/// never with its value, instead of stopping at the first as the configuration binder does.
/// </summary>
internal static class SettingsBinder
{
    public static void Bind<TSettings>(IConfiguration configuration, TSettings target)
        where TSettings : class
    {
        foreach (var (property, key) in KeyedProperties(typeof(TSettings)))
        {
            if (TryConvert(configuration, key, property.PropertyType, out var value, out var present) && present)
            {
                property.SetValue(target, value);
            }
        }
    }

    public static IEnumerable<string> ConversionProblems(IConfiguration configuration, Type settingsType)
    {
        foreach (var (property, key) in KeyedProperties(settingsType))
        {
            if (!TryConvert(configuration, key, property.PropertyType, out _, out _))
            {
                yield return $"{key} must be {Describe(property.PropertyType)}.";
            }
        }
    }

    public static string KeyOf(Type settingsType, string propertyName) =>
        settingsType.GetProperty(propertyName)?.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? propertyName;

    private static IEnumerable<(PropertyInfo Property, string Key)> KeyedProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .Select(p => (p, p.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name))
            .Where(pair => pair.Name is not null)
            .Select(pair => (pair.p, pair.Name!));

    private static bool TryConvert(IConfiguration configuration, string key, Type type, out object? value, out bool present)
    {
        value = null;
        var raw = configuration[key];
        present = !string.IsNullOrWhiteSpace(raw);
        if (!present)
        {
            return true;
        }

        var target = Nullable.GetUnderlyingType(type) ?? type;
        try
        {
            value = TypeDescriptor.GetConverter(target).ConvertFromString(null, CultureInfo.InvariantCulture, raw!.Trim());
            return value is not null;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or NotSupportedException or OverflowException)
        {
            return false;
        }
    }

    private static string Describe(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(int) || t == typeof(long) => "a whole number",
        var t when t == typeof(ushort) => "a whole number between 0 and 65535",
        var t when t == typeof(bool) => "true or false",
        var t when t.IsEnum => "one of " + string.Join(", ", Enum.GetNames(t)),
        var t => "a valid " + t.Name,
    };
}
