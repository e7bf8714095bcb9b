namespace Arrakis.Worker.Hosting;

/// <summary>Reads LOG_LEVEL as the TypeScript worker wrote it (pino's names) and as .NET names levels.</summary>
internal static class LogLevels
{
    public const string Names = "trace, debug, info, warn, error, fatal, silent";

    public static LogLevel? Parse(string? value) => value?.Trim().ToUpperInvariant() switch
    {
        "TRACE" => LogLevel.Trace,
        "DEBUG" => LogLevel.Debug,
        "INFO" or "INFORMATION" or "" or null => LogLevel.Information,
        "WARN" or "WARNING" => LogLevel.Warning,
        "ERROR" => LogLevel.Error,
        "FATAL" or "CRITICAL" => LogLevel.Critical,
        "SILENT" or "NONE" => LogLevel.None,
        _ => null,
    };
}
