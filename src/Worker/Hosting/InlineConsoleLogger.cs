using Microsoft.Extensions.Logging.Abstractions;

namespace Arrakis.Worker.Hosting;

/// <summary>One category's logger of <see cref="InlineConsoleLoggerProvider"/>: formats and writes on the calling thread.</summary>
internal sealed class InlineConsoleLogger(string category, InlineConsoleLoggerProvider provider) : ILogger
{
    // One per thread, as the framework's console logger keeps it: a line is formatted into it, then copied out.
    [ThreadStatic]
    private static StringWriter? t_line;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => provider.Scopes.Push(state);

    // Levels are filtered by the logger factory's rules; here only "None" is off.
    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var line = t_line ??= new StringWriter();
        provider.Formatter.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), provider.Scopes, line);
        var text = line.GetStringBuilder();
        if (text.Length == 0)
        {
            return;
        }

        try
        {
            // One string, one call: Console.Out and Console.Error are synchronized per call, so a line goes out whole.
            (logLevel >= provider.StandardErrorThreshold ? provider.Errors : provider.Output).Write(text.ToString());
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // Standard output is gone (its reader closed the pipe): the line is lost, but the message being handled
            // must not fail for it.
        }
        finally
        {
            text.Clear();
            if (text.Capacity > 4096)
            {
                text.Capacity = 4096;
            }
        }
    }
}
