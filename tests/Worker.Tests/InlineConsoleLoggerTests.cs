using System.Text;
using System.Text.Json;
using Arrakis.Worker.Hosting;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Arrakis.Worker.Tests;

/// <summary>
/// The worker's console logging (docs/adr/0043): the framework's JSON lines, written whole on the thread that logs,
/// never by a thread of the logger's own.
/// </summary>
public sealed partial class InlineConsoleLoggerTests
{
    [Fact]
    public async Task TheWorkersLogging_UsesTheInlineProvider_NotTheConsoleLoggersQueue()
    {
        await using var app = WorkerHost.Build([], new Dictionary<string, string?> { ["NODE_ENV"] = "production" });

        var providers = app.Services.GetServices<ILoggerProvider>().ToList();

        Assert.Contains(providers, p => p is InlineConsoleLoggerProvider);
        Assert.DoesNotContain(providers, p => p is ConsoleLoggerProvider);
    }

    [Fact]
    public async Task ALine_IsTheFrameworksJson_WithItsScope_WrittenWholeOnTheLoggingThread()
    {
        var output = new ThreadRecordingWriter();
        using var services = JsonConsoleServices();
        using var provider = Provider(services, output, errors: TextWriter.Null);
        var logger = provider.CreateLogger("Arrakis.Tests.Category");

        // A thread of its own, so that "written on the logging thread" could not hold by chance.
        var loggingThread = 0;
        await Task.Factory.StartNew(
            () =>
            {
                loggingThread = Environment.CurrentManagedThreadId;
                using (logger.BeginScope(new Dictionary<string, object> { ["EventId"] = "evt-1" }))
                {
                    LogHandled(logger, "member.join", 1);
                }
            },
            TestContext.Current.CancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        var write = Assert.Single(output.Writes);
        Assert.Equal(loggingThread, write.Thread);
        Assert.EndsWith(Environment.NewLine, write.Text, StringComparison.Ordinal);
        using var line = JsonDocument.Parse(write.Text);
        var root = line.RootElement;
        Assert.Equal("Information", root.GetProperty("LogLevel").GetString());
        Assert.Equal("Arrakis.Tests.Category", root.GetProperty("Category").GetString());
        Assert.Equal("Handled member.join on attempt 1", root.GetProperty("Message").GetString());
        Assert.Equal("member.join", root.GetProperty("State").GetProperty("EventType").GetString());
        Assert.Equal("evt-1", root.GetProperty("Scopes")[0].GetProperty("EventId").GetString());
    }

    [Fact]
    public void LinesAtOrAboveTheStandardErrorThreshold_GoToStandardError()
    {
        var output = new ThreadRecordingWriter();
        var errors = new ThreadRecordingWriter();
        using var services = JsonConsoleServices(o => o.LogToStandardErrorThreshold = LogLevel.Error);
        using var provider = Provider(services, output, errors);
        var logger = provider.CreateLogger("Arrakis.Tests.Category");

        LogAWarning(logger);
        LogAnError(logger);

        Assert.Contains("a warning", Assert.Single(output.Writes).Text, StringComparison.Ordinal);
        Assert.Contains("an error", Assert.Single(errors.Writes).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void AStandardOutputThatIsGone_LosesTheLine_WithoutFailingTheCaller()
    {
        var output = new ThreadRecordingWriter();
        using var services = JsonConsoleServices();
        using var broken = Provider(services, new BrokenPipeWriter(), errors: TextWriter.Null);
        using var working = Provider(services, output, errors: TextWriter.Null);

        LogAWarning(broken.CreateLogger("Arrakis.Tests.Category"));
        LogAWarning(working.CreateLogger("Arrakis.Tests.Category"));

        // Nothing left over from the lost line in the thread's buffer either.
        Assert.Single(output.Writes);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Handled {EventType} on attempt {Attempt}")]
    private static partial void LogHandled(ILogger logger, string eventType, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "a warning")]
    private static partial void LogAWarning(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "an error")]
    private static partial void LogAnError(ILogger logger);

    private static ServiceProvider JsonConsoleServices(Action<ConsoleLoggerOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            logging.AddJsonConsole(o => o.IncludeScopes = true);
            if (configure is not null)
            {
                logging.Services.Configure(configure);
            }
        });
        return services.BuildServiceProvider();
    }

    private static InlineConsoleLoggerProvider Provider(ServiceProvider services, TextWriter output, TextWriter errors) =>
        new(services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>(), services.GetServices<ConsoleFormatter>(), output, errors);

    /// <summary>Standard output whose reader has gone: every write fails as a closed pipe does.</summary>
    private sealed class BrokenPipeWriter : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value) => throw new IOException("Broken pipe");

        public override void Write(string? value) => throw new IOException("Broken pipe");
    }

    /// <summary>Each write's text and the thread that made it.</summary>
    private sealed class ThreadRecordingWriter : TextWriter
    {
        private readonly Lock _gate = new();
        private readonly List<(int Thread, string Text)> _writes = [];

        public override Encoding Encoding => Encoding.UTF8;

        public IReadOnlyList<(int Thread, string Text)> Writes
        {
            get
            {
                lock (_gate)
                {
                    return [.. _writes];
                }
            }
        }

        public override void Write(char value) => Record(value.ToString());

        public override void Write(string? value) => Record(value ?? "");

        public override void Write(StringBuilder? value) => Record(value?.ToString() ?? "");

        private void Record(string text)
        {
            lock (_gate)
            {
                _writes.Add((Environment.CurrentManagedThreadId, text));
            }
        }
    }
}
