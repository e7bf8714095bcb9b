using System.Collections.Concurrent;
using System.Text.Json;

namespace Arrakis.DiscordSimulator;

/// <summary>
/// Discord's OpenAPI description: which (method, path) exist and what JSON body each accepts. The simulator
/// answers 400/50035 to anything Discord's own description would reject, so a test fails on such a request.
/// </summary>
internal sealed class OpenApiDescription
{
    private static readonly HashSet<string> HttpMethods = ["get", "put", "post", "patch", "delete"];
    private static readonly ConcurrentDictionary<string, Lazy<OpenApiDescription>> Loaded = new();

    private readonly List<Operation> _operations = [];

    private OpenApiDescription(JsonDocument document, string source)
    {
        Source = source;
        Checker = new JsonSchemaChecker(document.RootElement);
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var method in path.Value.EnumerateObject().Where(m => HttpMethods.Contains(m.Name)))
            {
                JsonElement? body = method.Value.TryGetProperty("requestBody", out var requestBody)
                    && requestBody.GetProperty("content").TryGetProperty("application/json", out var json)
                    ? json.GetProperty("schema") : null;
                _operations.Add(new Operation(method.Name.ToUpperInvariant(), path.Name.Trim('/').Split('/'), body));
            }
        }

        // A literal segment (@original) wins over a parameter ({message_id}).
        _operations.Sort((a, b) => b.Literals.CompareTo(a.Literals));
    }

    public string Source { get; }

    private JsonSchemaChecker Checker { get; }

    public static OpenApiDescription Load(string? path)
    {
        path ??= FindShared() ?? Path.Combine(AppContext.BaseDirectory, "Spec", "openapi.trimmed.json");
        // Parsed once per process: the full description is 1.2 MB, and tests start many simulators.
        return Loaded.GetOrAdd(path, p => new Lazy<OpenApiDescription>(() =>
        {
            using var stream = File.OpenRead(p);
            return new OpenApiDescription(JsonDocument.Parse(stream), p);
        })).Value;
    }

    /// <summary>Null when Discord's description accepts the request; else what is wrong.</summary>
    public string? Check(string method, string path, string body)
    {
        var parts = path.Trim('/').Split('/');
        var operation = _operations.FirstOrDefault(o => o.Method == method && o.Matches(parts));
        if (operation is null)
        {
            return $"no operation {method} {string.Join('/', parts.Select((p, i) => ulong.TryParse(p, out _) || i > 1 && p.Length > 30 ? "{}" : p))} in Discord's OpenAPI description";
        }

        if (operation.Body is not { } schema)
        {
            return body.Length == 0 ? null : "this operation takes no body";
        }

        if (body.Length == 0)
        {
            return "a JSON body is required";
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return "the body is not JSON";
        }

        using (document)
        {
            var errors = new List<string>();
            Checker.Check(schema, document.RootElement, "", errors);
            return errors.Count == 0 ? null : string.Join("; ", errors.Take(5));
        }
    }

    private static string? FindShared()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "discord-api-spec", "openapi.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private sealed record Operation(string Method, string[] Segments, JsonElement? Body)
    {
        public int Literals { get; } = Segments.Count(s => !s.StartsWith('{'));

        public bool Matches(string[] parts) =>
            parts.Length == Segments.Length
            && Segments.Zip(parts).All(p => p.First.StartsWith('{') ? p.Second.Length > 0 : p.First == p.Second);
    }
}
