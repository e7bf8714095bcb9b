using Arrakis.Infrastructure.Configuration;
using Arrakis.Worker.Health;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

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

        builder.Services.AddOptions<KestrelServerOptions>()
            .Configure<IOptions<WorkerSettings>>((kestrel, worker) => kestrel.ListenAnyIP(worker.Value.EffectiveHealthPort));
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
        var app = Build(args);
        if (!TryValidateSettings(app, out var problems))
        {
            await Console.Error.WriteLineAsync(DescribeProblems(problems));
            return 2;
        }

        // Connect to Redis now, in the background if it is down, rather than on the first message.
        app.Services.GetRequiredService<IConnectionMultiplexer>();
        await app.RunAsync();
        return 0;
    }

    public static bool TryValidateSettings(WebApplication app, out IReadOnlyList<string> problems)
    {
        try
        {
            app.Services.GetRequiredService<IStartupValidator>().Validate();
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

        var level = LogLevels.Parse(settings["LOG_LEVEL"]) ?? LogLevel.Information;
        builder.Logging.SetMinimumLevel(level);
        // The framework's own chatter stays at warnings unless asked for more.
        builder.Logging.AddFilter("Microsoft", (LogLevel l) => l >= LogLevel.Warning || (level <= LogLevel.Debug && l >= level));
        builder.Logging.AddFilter("System.Net.Http", (LogLevel l) => l >= LogLevel.Warning);
    }
}
