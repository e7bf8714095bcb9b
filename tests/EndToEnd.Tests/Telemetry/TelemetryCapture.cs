using System.Diagnostics;
using Arrakis.Worker.Telemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Arrakis.EndToEnd.Tests.Telemetry;

/// <summary>
/// The worker's own OpenTelemetry pipeline (sources and meters "Arrakis.*"), exported in memory. Assertions pick their
/// points by tags; a test that reads metrics runs in <see cref="ProcessWideMeters"/>, alone, because another host
/// stopping meanwhile would retire the shared metric streams.
/// </summary>
internal sealed class TelemetryCapture
{
    private readonly List<Activity> _spans = [];
    private readonly List<MetricSnapshot> _metrics = [];

    public void Configure(WebApplicationBuilder builder)
    {
        // The worker traces only when an exporter is configured (ADR 0072): this in-memory one is the exporter here.
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddSource(TelemetrySetup.Names).AddInMemoryExporter(_spans));
        builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(_metrics));
    }

    /// <summary>Spans end (and are exported) on any thread: copy under the list's lock.</summary>
    public IReadOnlyList<Activity> Spans
    {
        get
        {
            lock (_spans)
            {
                return [.. _spans];
            }
        }
    }

    public IReadOnlyList<Activity> SpansOf(ActivityTraceId trace) => Spans.Where(s => s.TraceId == trace).ToList();

    /// <summary>Collects every instrument now and returns the points of one.</summary>
    public IReadOnlyList<MetricPoint> Points(IServiceProvider services, string name)
    {
        lock (_metrics)
        {
            _metrics.Clear();
            services.GetRequiredService<MeterProvider>().ForceFlush();
            return _metrics.Where(m => m.Name == name).SelectMany(m => m.MetricPoints).ToList();
        }
    }

    public static string? Tag(MetricPoint point, string name)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == name)
            {
                return Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    public static bool HasTags(MetricPoint point, params (string Name, string Value)[] tags) =>
        tags.All(t => Tag(point, t.Name) == t.Value);
}
