using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Arrakis.Worker.Hosting;

/// <summary>
/// Console logging that writes each line on the thread that logs it (docs/adr/0043). The framework's console logger
/// formats a line on that thread too, then hands it to a thread of its own, which it wakes whenever its queue was
/// empty: in a drain that was one thread wake-up and switch for most messages. The worker's standard output is
/// already buffered (<see cref="BatchedStandardOutput"/>), so the write itself is a copy into memory.
/// </summary>
/// <remarks>
/// The framework's formatters (JSON, simple), their options and the "Console" filter alias are used as they are:
/// the lines are the same, only the thread that writes them changes.
/// </remarks>
[ProviderAlias("Console")]
internal sealed class InlineConsoleLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly IOptionsMonitor<ConsoleLoggerOptions> _options;
    private readonly IReadOnlyList<ConsoleFormatter> _formatters;
    private readonly TextWriter? _output;
    private readonly TextWriter? _errors;
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public InlineConsoleLoggerProvider(IOptionsMonitor<ConsoleLoggerOptions> options, IEnumerable<ConsoleFormatter> formatters)
        : this(options, formatters, output: null, errors: null)
    {
    }

    /// <summary>Tests give their own writers; otherwise the console's, read at each line (the worker replaces <see cref="Console.Out"/> at start).</summary>
    internal InlineConsoleLoggerProvider(IOptionsMonitor<ConsoleLoggerOptions> options, IEnumerable<ConsoleFormatter> formatters, TextWriter? output, TextWriter? errors)
    {
        _options = options;
        _formatters = [.. formatters];
        _output = output;
        _errors = errors;
    }

    internal IExternalScopeProvider Scopes => _scopes;

    internal TextWriter Output => _output ?? Console.Out;

    internal TextWriter Errors => _errors ?? Console.Error;

    internal LogLevel StandardErrorThreshold => _options.CurrentValue.LogToStandardErrorThreshold;

    /// <summary>The formatter the options name (read each time: the options may be reloaded), or the simple one.</summary>
    internal ConsoleFormatter Formatter
    {
        get
        {
            var name = _options.CurrentValue.FormatterName ?? ConsoleFormatterNames.Simple;
            foreach (var formatter in _formatters)
            {
                if (string.Equals(formatter.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    return formatter;
                }
            }

            return _formatters.First(f => f.Name == ConsoleFormatterNames.Simple);
        }
    }

    public ILogger CreateLogger(string categoryName) => new InlineConsoleLogger(categoryName, this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
        // Nothing is queued: every line was written when it was logged.
    }
}
