using System.Diagnostics;
using System.Text.Json;
using Arrakis.Infrastructure.Messaging;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Arrakis.Worker.Health;

/// <summary>Writes a health report as JSON: overall status, uptime, message counts, each check's status, description and data.</summary>
internal static class HealthResponseWriter
{
    private static readonly JsonWriterOptions Options = new() { Indented = false };

    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteString("status", report.Status.ToString());
            json.WriteNumber("uptimeSeconds", Math.Round((DateTime.Now - Process.GetCurrentProcess().StartTime).TotalSeconds));
            if (context.RequestServices.GetService<MessageCounts>() is { } counts)
            {
                // Since this process started: a worker that is "healthy" but settles nothing shows it here.
                json.WriteStartObject("messages");
                json.WriteNumber("handled", counts.Handled);
                json.WriteNumber("retried", counts.Retried);
                json.WriteNumber("deadLettered", counts.DeadLettered);
                json.WriteNumber("dropped", counts.Dropped);
                json.WriteEndObject();
            }

            json.WriteStartObject("checks");
            foreach (var (name, entry) in report.Entries)
            {
                json.WriteStartObject(name);
                json.WriteString("status", entry.Status.ToString());
                json.WriteString("description", entry.Description);
                json.WriteNumber("durationMs", Math.Round(entry.Duration.TotalMilliseconds, 2));
                if (entry.Data.Count > 0)
                {
                    json.WritePropertyName("data");
                    JsonSerializer.Serialize(json, entry.Data.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal), HealthJsonContext.Default.DictionaryStringString);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return context.Response.Body.WriteAsync(buffer.ToArray()).AsTask();
    }
}
