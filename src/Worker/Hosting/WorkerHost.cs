using Arrakis.Infrastructure.Configuration;
using Arrakis.Infrastructure.Health;
using Arrakis.Worker.Health;
using Arrakis.Worker.Telemetry;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Arrakis.Worker.Hosting;

/// <summary>The composition root: configuration, logging, the layers, and the health endpoints.</summary>
internal static partial class WorkerHost
{
    /// <summary>Builds the worker. Tests pass settings that override the environment.</summary>
    public static WebApplication Build(string[] args, IEnumerable<KeyValuePair<string, string?>>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Services.AddSettings<WorkerSettings>(builder.Configuration);
        ConfigureLogging(builder);

        builder.Services.AddApplication();
        builder.AddInfrastructure();
        builder.AddWorkerTelemetry();
        // Memory is reported on /health but does not take the worker out of service (no "ready" tag).
        builder.Services.AddHealthChecks().AddCheck<MemoryHealthCheck>("memory");

        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromMilliseconds(int.TryParse(builder.Configuration["SHUTDOWN_TIMEOUT_MS"], System.Globalization.CultureInfo.InvariantCulture, out var drainMs) && drainMs > 0 ? drainMs + 3000 : 28_000));

        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthResponseWriter.WriteAsync });
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthResponseWriter.WriteAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = HealthResponseWriter.WriteAsync });
        return app;
    }

    /// <summary>
    /// Validates every setting before anything starts; on failure prints one message naming every problem by
    /// its variable (never a value) and returns a non-zero exit code.
    /// </summary>
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Contains("--health-check"))
        {
            var port = int.TryParse(Environment.GetEnvironmentVariable("HEALTH_PORT") ?? Environment.GetEnvironmentVariable("PORT"), out var p) ? p : 8080;
            return await LivenessProbe.RunAsync(port);
        }

        using var output = BatchedStandardOutput.Install();
        var app = Build(args);
        if (!TryPrepare(app, out var problems))
        {
            await Console.Error.WriteLineAsync(DescribeProblems(problems));
            return 2;
        }

        app.Services.ConnectInfrastructure();
        await app.RunAsync();
        return 0;
    }

    /// <summary>
    /// Validates every setting and, when they hold, points the health endpoint at its port. Nothing reads a
    /// setting before this, so one bad value cannot hide the others behind an early exception.
    /// </summary>
    public static bool TryPrepare(WebApplication app, out IReadOnlyList<string> problems)
    {
        try
        {
            app.Services.GetRequiredService<IStartupValidator>().Validate();
            var port = app.Services.GetRequiredService<IOptions<WorkerSettings>>().Value.EffectiveHealthPort;
            app.Urls.Clear();
            app.Urls.Add($"http://0.0.0.0:{port}");
            problems = [];
            return true;
        }
        catch (Exception ex) when (SettingsErrors.From(ex) is { } found)
        {
            problems = found;
            return false;
        }
    }

    public static string DescribeProblems(IReadOnlyList<string> problems) =>
        $"Arrakis Worker cannot start: {problems.Count} setting(s) are wrong:{Environment.NewLine}"
        + string.Join(Environment.NewLine, problems.Select(p => "  - " + p));

    private static void ConfigureLogging(WebApplicationBuilder builder)
    {
        var settings = builder.Configuration;
        builder.Logging.ClearProviders();
        if (string.Equals(settings["NODE_ENV"], "development", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; });
        }
        else
        {
            builder.Logging.AddJsonConsole(o => { o.IncludeScopes = true; o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ"; o.UseUtcTimestamp = true; });
        }

        // The framework's formatters and options, written on the logging thread instead of the console logger's own (ADR 0043).
        builder.Services.Remove(builder.Services.Single(d => d.ServiceType == typeof(ILoggerProvider) && d.ImplementationType == typeof(ConsoleLoggerProvider)));
        builder.Services.AddSingleton<ILoggerProvider, InlineConsoleLoggerProvider>();

        var level = LogLevels.Parse(settings["LOG_LEVEL"]) ?? LogLevel.Information;
        builder.Logging.SetMinimumLevel(level);
        // The framework's own chatter stays at warnings unless asked for more.
        builder.Logging.AddFilter("Microsoft", (LogLevel l) => l >= LogLevel.Warning || (level <= LogLevel.Debug && l >= level));
        builder.Logging.AddFilter("System.Net.Http", (LogLevel l) => l >= LogLevel.Warning);
    }
}
