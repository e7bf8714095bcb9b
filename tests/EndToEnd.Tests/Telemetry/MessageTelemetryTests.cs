using System.Diagnostics;
using Arrakis.DiscordSimulator;
using Arrakis.Testing;

namespace Arrakis.EndToEnd.Tests.Telemetry;

/// <summary>
/// One traced /verify interaction through the real worker host, against the Discord simulator, exported in memory:
/// the consumer span continues the publisher's trace, the command and Discord spans hang below it, and the
/// message, command and Discord instruments count it.
/// </summary>
[Collection(nameof(ProcessWideMeters))]
public sealed class MessageTelemetryTests(IsolatedBroker broker, IsolatedRedis redis)
    : IClassFixture<IsolatedBroker>, IClassFixture<IsolatedRedis>
{
    private const string Queue = "arrakis.interactions";
    private const string EventType = "interaction.command.verify";
    private const string CallbackRoute = "/interactions/{interaction_id}/{interaction_token}/callback";

    [Fact]
    public async Task TracedInteraction_ProducesConsumerCommandAndDiscordSpans_AndItsMetrics()
    {
        await using var discord = await SimulatorHost.StartAsync();
        var capture = new TelemetryCapture();
        var settings = WorkerUnderTest.Settings(broker, redis);
        settings["DISCORD_API_BASE_URL"] = discord.ApiBaseUrl;
        var worker = await WorkerUnderTest.StartAsync(settings, capture.Configure);
        try
        {
            var sample = WireFixture.Load(EventType).Fresh();
            var token = "interaction-token-" + Guid.NewGuid().ToString("N");
            sample.Body["interactionToken"] = token;
            var parent = await TracedPublisher.PublishAsync(broker.Connection, sample);

            Activity? consumer = null;
            Assert.True(
                await Eventually.TrueAsync(() => (consumer = capture.SpansOf(parent.TraceId).FirstOrDefault(s => s.Source.Name == "Arrakis.Messaging")) is not null),
                "No consumer span in the publisher's trace.");
            var spans = capture.SpansOf(parent.TraceId);

            // The consumer span: messaging conventions, continuing the traceparent from the headers.
            Assert.Equal(ActivityKind.Consumer, consumer!.Kind);
            Assert.Equal(parent.SpanId, consumer.ParentSpanId);
            Assert.Equal("process " + Queue, consumer.DisplayName);
            Assert.Equal("rabbitmq", consumer.GetTagItem("messaging.system"));
            Assert.Equal("process", consumer.GetTagItem("messaging.operation.type"));
            Assert.Equal(Queue, consumer.GetTagItem("messaging.destination.name"));
            Assert.Equal(EventType, consumer.GetTagItem("messaging.rabbitmq.destination.routing_key"));
            Assert.Equal(sample.EventId, consumer.GetTagItem("messaging.message.id"));
            Assert.Equal(EventType, consumer.GetTagItem("arrakis.event.type"));
            Assert.Equal("ack", consumer.GetTagItem("arrakis.outcome"));
            Assert.NotEqual(ActivityStatusCode.Error, consumer.Status);

            // The application's command span is its child; the Discord callback span hangs below that, by template.
            var command = Assert.Single(spans, s => s.Source.Name == "Arrakis.Application");
            Assert.Equal(consumer.SpanId, command.ParentSpanId);
            var callback = Assert.Single(spans, s => s.Source.Name == "Arrakis.Discord" && (string?)s.GetTagItem("http.route") == CallbackRoute);
            Assert.Equal(ActivityKind.Client, callback.Kind);
            Assert.True(IsBelow(callback, consumer, spans), "The Discord span is not a descendant of the consumer span.");
            Assert.Contains(spans, s => s.Source.Name == "Arrakis.Redis" && IsBelow(s, consumer, spans));

            // No span in the trace carries a token, whatever its attribute.
            var values = spans.SelectMany(s => s.TagObjects.Select(t => Convert.ToString(t.Value, System.Globalization.CultureInfo.InvariantCulture)))
                .Concat(spans.Select(s => s.DisplayName)).ToList();
            Assert.DoesNotContain(values, v => v is not null && (v.Contains(token, StringComparison.Ordinal) || v.Contains("test-bot-token-never-logged", StringComparison.Ordinal)));

            // A message without a traceparent starts a trace of its own.
            var untraced = WireFixture.Load("guild.leave").Fresh();
            await IngestorPublisher.PublishAsync(broker.Connection, untraced);
            Activity? root = null;
            Assert.True(await Eventually.TrueAsync(() => (root = capture.Spans.FirstOrDefault(s =>
                s.Source.Name == "Arrakis.Messaging" && (string?)s.GetTagItem("messaging.message.id") == untraced.EventId)) is not null));
            Assert.Equal(default, root!.ParentSpanId);
            Assert.NotEqual(parent.TraceId, root.TraceId);

            // The same message, counted.
            var services = worker.App.Services;
            // The outcome is counted after the acknowledgement returns, which can trail the spans: collect until it shows.
            Assert.True(await Eventually.TrueAsync(() => capture.Points(services, "arrakis.messages.outcomes").Any(p =>
                TelemetryCapture.HasTags(p, ("queue", Queue), ("outcome", "ack"), ("event.type", EventType)) && p.GetSumLong() >= 1), TimeSpan.FromSeconds(10)),
                "The interaction's outcome was not counted.");
            Assert.True(await Eventually.TrueAsync(() => capture.Points(services, "arrakis.messages.duration").Any(p =>
                TelemetryCapture.HasTags(p, ("queue", Queue), ("outcome", "ack"), ("event.type", EventType)) && p.GetHistogramCount() >= 1), TimeSpan.FromSeconds(10)),
                "The interaction's duration was not recorded.");
            Assert.Contains(capture.Points(services, "arrakis.command.duration"), p => p.GetHistogramCount() >= 1);
            // The client counts a request once its answer is read, which can trail the span's end: collect until it shows.
            Assert.True(await Eventually.TrueAsync(() => capture.Points(services, "arrakis.discord.requests").Any(p =>
                TelemetryCapture.HasTags(p, ("http.route", CallbackRoute)) && p.GetSumLong() >= 1), TimeSpan.FromSeconds(10)), "No Discord request was counted for the callback route.");
            // Seconds, with Discord's 3 s window a bucket bound (the SDK's defaults are made for milliseconds).
            var acknowledged = capture.Points(services, "arrakis.interactions.ack.latency").Where(p => p.GetHistogramCount() >= 1).ToList();
            Assert.NotEmpty(acknowledged);
            Assert.Contains(3.0, Bounds(acknowledged[0]));
            var consumers = capture.Points(services, "arrakis.consumers.active");
            Assert.Contains(consumers, p => TelemetryCapture.HasTags(p, ("queue", Queue)) && p.GetGaugeLastValueLong() == 1);
            Assert.Contains(consumers, p => TelemetryCapture.HasTags(p, ("queue", "arrakis.events.guild")) && p.GetGaugeLastValueLong() == 1);
        }
        finally
        {
            await worker.DisposeAsync();
        }
    }

    private static List<double> Bounds(OpenTelemetry.Metrics.MetricPoint point)
    {
        var bounds = new List<double>();
        foreach (var bucket in point.GetHistogramBuckets())
        {
            bounds.Add(bucket.ExplicitBound);
        }

        return bounds;
    }

    private static bool IsBelow(Activity span, Activity ancestor, IReadOnlyList<Activity> spans)
    {
        var current = span;
        for (var depth = 0; depth < 16 && current is not null; depth++)
        {
            if (current.ParentSpanId == ancestor.SpanId)
            {
                return true;
            }

            current = spans.FirstOrDefault(s => s.SpanId == current.ParentSpanId);
        }

        return false;
    }
}
