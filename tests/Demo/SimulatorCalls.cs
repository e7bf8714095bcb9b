using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Arrakis.Demo;

/// <summary>One request the simulator answered, without its path (interaction tokens live there).</summary>
internal sealed record SimulatorCall(long Sequence, string Method, string Route, int Status, IReadOnlyDictionary<string, string> Values, int? CallbackType)
{
    public string? Value(string name) => Values.TryGetValue(name, out var value) ? value : null;
}

/// <summary>The simulator's request log (<c>GET /_simulator/requests</c>).</summary>
internal sealed class SimulatorCalls(HttpClient http)
{
    public async Task<IReadOnlyList<SimulatorCall>> ReadAsync(CancellationToken cancellationToken)
    {
        var log = await http.GetFromJsonAsync<JsonArray>("_simulator/requests", cancellationToken) ?? [];
        return [.. log.OfType<JsonObject>().Select(Read).OrderBy(c => c.Sequence)];
    }

    private static SimulatorCall Read(JsonObject request)
    {
        var route = request["route"]?.GetValue<string>() ?? "unknown";
        var values = request["values"]?.AsObject().ToDictionary(p => p.Key, p => p.Value?.GetValue<string>() ?? "", StringComparer.Ordinal)
            ?? new Dictionary<string, string>(StringComparer.Ordinal);
        return new SimulatorCall(
            request["sequence"]!.GetValue<long>(),
            request["method"]!.GetValue<string>(),
            route,
            request["status"]!.GetValue<int>(),
            values,
            route == "interaction.callback" ? CallbackType(request["body"]?.GetValue<string>()) : null);
    }

    // The callback's type says what the worker answered: 4 a message, 5 a deferral, 8 choices, 9 a modal.
    private static int? CallbackType(string? body)
    {
        try
        {
            return body is { Length: > 0 } && JsonNode.Parse(body) is JsonObject json && json["type"] is JsonValue type ? type.GetValue<int>() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
