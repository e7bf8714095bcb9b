using System.Diagnostics;
using Arrakis.Worker.Telemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Arrakis.Worker.Tests.Telemetry;

/// <summary>Spans are built only when an exporter takes them (ADR 0072); metrics are always kept for /metrics and OTLP.</summary>
public sealed class TracingSetupTests
{
    [Fact]
    public void NoTraceExporter_NoTracerProvider_MetersStillOn()
    {
        using var services = Build([]);

        Assert.Null(services.GetService<TracerProvider>());
        Assert.NotNull(services.GetService<MeterProvider>());
        Assert.Null(StartArrakisSpan());
    }

    [Theory]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4317")]
    [InlineData("OTEL_TRACES_EXPORTER", "console")]
    public void ATraceExporter_TracesTheArrakisSources(string setting, string value)
    {
        using var services = Build(new() { [setting] = value });

        Assert.NotNull(services.GetService<TracerProvider>());
        using var span = StartArrakisSpan();
        Assert.NotNull(span);
    }

    // No other test class of this module registers tracing, and this class's tests run one after another.
    private static Activity? StartArrakisSpan()
    {
        using var source = new ActivitySource("Arrakis.TracingSetupTests");
        return source.StartActivity("probe");
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddWorkerTelemetry();
        return builder.Services.BuildServiceProvider();
    }
}
