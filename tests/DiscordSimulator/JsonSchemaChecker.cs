using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Arrakis.DiscordSimulator;

/// <summary>
/// The JSON Schema 2020-12 keywords that Discord's description uses for request bodies (type, enum, const,
/// pattern, lengths, bounds, items, properties, required, additionalProperties, allOf/anyOf/oneOf and
/// <c>#/components/schemas</c> references). Formats and annotations are not asserted, as the standard says.
/// </summary>
internal sealed class JsonSchemaChecker(JsonElement root)
{
    private readonly Dictionary<string, Regex> _patterns = [];

    public void Check(JsonElement schema, JsonElement value, string at, List<string> errors)
    {
        if (schema.ValueKind == JsonValueKind.True)
        {
            return;
        }

        if (schema.ValueKind == JsonValueKind.False)
        {
            errors.Add($"{At(at)}: not allowed");
            return;
        }

        if (schema.TryGetProperty("$ref", out var reference))
        {
            Check(Resolve(reference.GetString()!), value, at, errors);
        }

        if (schema.TryGetProperty("type", out var type) && !TypeMatches(type, value))
        {
            errors.Add($"{At(at)}: expected {type.GetRawText()}, got {value.ValueKind}");
            return;
        }

        if (schema.TryGetProperty("enum", out var choices) && !choices.EnumerateArray().Any(c => JsonElement.DeepEquals(c, value)))
        {
            errors.Add($"{At(at)}: {Short(value)} is not one of {choices.GetRawText()}");
        }

        if (schema.TryGetProperty("const", out var constant) && !JsonElement.DeepEquals(constant, value))
        {
            errors.Add($"{At(at)}: must be {constant.GetRawText()}");
        }

        foreach (var part in Each(schema, "allOf"))
        {
            Check(part, value, at, errors);
        }

        if (schema.TryGetProperty("anyOf", out var anyOf) && !anyOf.EnumerateArray().Any(s => Passes(s, value, at)))
        {
            errors.Add($"{At(at)}: matches none of anyOf");
        }

        if (schema.TryGetProperty("oneOf", out var oneOf) && oneOf.EnumerateArray().Count(s => Passes(s, value, at)) != 1)
        {
            errors.Add($"{At(at)}: must match exactly one of oneOf");
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                CheckString(schema, value.GetString()!, at, errors);
                break;
            case JsonValueKind.Number:
                CheckNumber(schema, value.GetDouble(), at, errors);
                break;
            case JsonValueKind.Array:
                CheckArray(schema, value, at, errors);
                break;
            case JsonValueKind.Object:
                CheckObject(schema, value, at, errors);
                break;
        }
    }

    private bool Passes(JsonElement schema, JsonElement value, string at)
    {
        var errors = new List<string>();
        Check(schema, value, at, errors);
        return errors.Count == 0;
    }

    private void CheckString(JsonElement schema, string text, string at, List<string> errors)
    {
        var length = new StringInfo(text).LengthInTextElements;
        if (schema.TryGetProperty("maxLength", out var max) && length > max.GetInt32())
        {
            errors.Add($"{At(at)}: longer than {max.GetInt32()}");
        }

        if (schema.TryGetProperty("minLength", out var min) && length < min.GetInt32())
        {
            errors.Add($"{At(at)}: shorter than {min.GetInt32()}");
        }

        if (schema.TryGetProperty("pattern", out var pattern) && !Pattern(pattern.GetString()!).IsMatch(text))
        {
            errors.Add($"{At(at)}: does not match {pattern.GetString()}");
        }
    }

    private static void CheckNumber(JsonElement schema, double number, string at, List<string> errors)
    {
        if (schema.TryGetProperty("minimum", out var min) && number < min.GetDouble())
        {
            errors.Add($"{At(at)}: below {min.GetRawText()}");
        }

        if (schema.TryGetProperty("maximum", out var max) && number > max.GetDouble())
        {
            errors.Add($"{At(at)}: above {max.GetRawText()}");
        }
    }

    private void CheckArray(JsonElement schema, JsonElement array, string at, List<string> errors)
    {
        var count = array.GetArrayLength();
        if (schema.TryGetProperty("maxItems", out var max) && count > max.GetInt32())
        {
            errors.Add($"{At(at)}: more than {max.GetInt32()} items");
        }

        if (schema.TryGetProperty("minItems", out var min) && count < min.GetInt32())
        {
            errors.Add($"{At(at)}: fewer than {min.GetInt32()} items");
        }

        if (schema.TryGetProperty("items", out var items))
        {
            var index = 0;
            foreach (var item in array.EnumerateArray())
            {
                Check(items, item, $"{at}/{index++}", errors);
            }
        }
    }

    private void CheckObject(JsonElement schema, JsonElement value, string at, List<string> errors)
    {
        foreach (var required in Each(schema, "required"))
        {
            if (!value.TryGetProperty(required.GetString()!, out _))
            {
                errors.Add($"{At(at)}: {required.GetString()} is required");
            }
        }

        if (schema.TryGetProperty("maxProperties", out var max) && value.EnumerateObject().Count() > max.GetInt32())
        {
            errors.Add($"{At(at)}: more than {max.GetInt32()} properties");
        }

        var hasProperties = schema.TryGetProperty("properties", out var properties);
        var hasAdditional = schema.TryGetProperty("additionalProperties", out var additional);
        foreach (var property in value.EnumerateObject())
        {
            if (hasProperties && properties.TryGetProperty(property.Name, out var propertySchema))
            {
                Check(propertySchema, property.Value, $"{at}/{property.Name}", errors);
            }
            else if (hasAdditional)
            {
                Check(additional, property.Value, $"{at}/{property.Name}", errors);
            }
        }
    }

    private static bool TypeMatches(JsonElement type, JsonElement value) =>
        type.ValueKind == JsonValueKind.Array
            ? type.EnumerateArray().Any(t => IsType(t.GetString()!, value))
            : IsType(type.GetString()!, value);

    private static bool IsType(string type, JsonElement value) => type switch
    {
        "null" => value.ValueKind == JsonValueKind.Null,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "string" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && Math.Abs(value.GetDouble() % 1) < double.Epsilon,
        "array" => value.ValueKind == JsonValueKind.Array,
        "object" => value.ValueKind == JsonValueKind.Object,
        _ => true,
    };

    private JsonElement Resolve(string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            throw new NotSupportedException("Only local references are supported: " + reference);
        }

        var node = root;
        foreach (var part in reference[2..].Split('/'))
        {
            node = node.GetProperty(part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));
        }

        return node;
    }

    private Regex Pattern(string pattern)
    {
        lock (_patterns)
        {
            if (!_patterns.TryGetValue(pattern, out var regex))
            {
                _patterns[pattern] = regex = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }

            return regex;
        }
    }

    private static JsonElement[] Each(JsonElement schema, string keyword) =>
        schema.TryGetProperty(keyword, out var list) ? [.. list.EnumerateArray()] : [];

    private static string At(string at) => at.Length == 0 ? "body" : "body" + at;

    private static string Short(JsonElement value)
    {
        var text = value.GetRawText();
        return text.Length > 40 ? text[..40] + "…" : text;
    }
}
