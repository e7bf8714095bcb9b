using System.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Arrakis.Worker.Telemetry;

/// <summary>
/// OpenTelemetry for every <c>Arrakis.*</c> activity source and meter. Exporters follow the standard variables:
/// OTLP (to the ADOT collector that forwards to X-Ray) when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, the console
/// when <c>OTEL_TRACES_EXPORTER</c> / <c>OTEL_METRICS_EXPORTER</c> say <c>console</c>.
/// </summary>
internal static class TelemetrySetup
{
    /// <summary>Our sources and meters; HttpClient is not instrumented, since its URLs carry interaction tokens.</summary>
    public const string Names = "Arrakis.*";

    /// <summary>Histogram bounds for durations in seconds: from 5 ms to a minute.</summary>
    internal static readonly double[] SecondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 30, 60];

    public static void AddWorkerTelemetry(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var consoleTraces = Says(configuration["OTEL_TRACES_EXPORTER"], "console");
        var consoleMetrics = Says(configuration["OTEL_METRICS_EXPORTER"], "console");

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] ?? "arrakis-worker"));
        if (otlp || consoleTraces)
        {
            // Only when spans go somewhere: a listened-to source makes every message build five spans and their
            // tags for nothing (spans and metrics off saved a tenth of the worker's time per guild event; docs/adr/0072).
            telemetry.WithTracing(tracing =>
            {
                tracing.AddSource(Names);
                if (consoleTraces)
                {
                    tracing.AddConsoleExporter();
                }
            });
        }

        telemetry
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(Names).AddRuntimeInstrumentation();
                // The SDK's default buckets (0 to 10 000) suit milliseconds; ours are seconds, with 3 s (Discord's window) a bound.
                metrics.AddView(instrument => instrument.Meter.Name.StartsWith("Arrakis.", StringComparison.Ordinal) && instrument is Histogram<double> && instrument.Unit == "s"
                    ? new ExplicitBucketHistogramConfiguration { Boundaries = SecondsBuckets }
                    : null);
                if (consoleMetrics)
                {
                    metrics.AddConsoleExporter();
                }
            });

        if (otlp)
        {
            telemetry.UseOtlpExporter();
        }
    }

    private static bool Says(string? value, string exporter) =>
        value?.Split(',', StringSplitOptions.TrimEntries).Contains(exporter, StringComparer.OrdinalIgnoreCase) == true;
}
