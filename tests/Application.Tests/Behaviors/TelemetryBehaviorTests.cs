using System.Diagnostics;
using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Application.Behaviors;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Arrakis.Application.Tests.Behaviors;

public sealed class TelemetryBehaviorTests
{
    [Fact]
    public async Task EachCommand_RecordsOneDurationTaggedWithItsOutcome()
    {
        using var durations = new MetricCollector<double>(ApplicationTelemetry.CommandDuration);
        await using var harness = new PipelineHarness();

        await harness.SendAsync(new TelemetryProbe("a"));
        await harness.SendAsync(new TelemetryProbe("b"), Result.Transient("discord-unavailable", "503"));

        var probes = durations.GetMeasurementSnapshot().Where(m => (string?)m.Tags["command"] == nameof(TelemetryProbe)).ToList();
        Assert.Equal(2, probes.Count);
        Assert.Equal("success", probes[0].Tags["outcome"]);
        Assert.Equal("transient", probes[1].Tags["outcome"]);
        Assert.Equal("discord-unavailable", probes[1].Tags["error.code"]);
        Assert.All(probes, m => Assert.True(m.Value >= 0));
    }

    [Fact]
    public async Task EachCommand_IsASpanTaggedWithItsOutcome()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ApplicationTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (spans) { spans.Add(activity); } },
        };
        ActivitySource.AddActivityListener(listener);
        await using var harness = new PipelineHarness();

        await harness.SendAsync(new TelemetryProbe("c"), Result.Permanent("invalid", "bad"));

        Activity span;
        lock (spans)
        {
            span = spans.Single(s => s.DisplayName == "command " + nameof(TelemetryProbe));
        }

        Assert.Equal("permanent", span.GetTagItem("arrakis.outcome"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
    }
}
