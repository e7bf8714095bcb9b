using System.Globalization;

namespace Arrakis.Application.Behaviors;

internal static class WaitTime
{
    /// <summary>Whole seconds, rounded up, never below one: "try again in 0 s" would be a lie.</summary>
    public static string Describe(TimeSpan wait) =>
        Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture) + " s";
}
