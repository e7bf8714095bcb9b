using System.Text.Json;
using System.Text.Unicode;
using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Domain.Discord;

namespace Arrakis.Infrastructure.Messaging.Wire;

/// <summary>
/// Reads a body the ingestor published (CONTRACT.md, "Payload") into a transport-neutral input. Anything
/// outside the contract is reported with a reason, never thrown: such a message is dead-lettered, not retried.
/// </summary>
internal static class WireMessageReader
{
    /// <summary>Deeper than any contract message (options nest a subcommand group at most three levels).</summary>
    public const int MaxDepth = 16;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = MaxDepth };

    /// <summary>The contract's non-interaction event types (CONTRACT.md, "Event types").</summary>
    private static readonly HashSet<string> EventTypes = new(StringComparer.Ordinal)
    {
        "member.join", "member.leave", "member.update", "guild.join", "guild.leave", "message.create",
    };

    public static WireReadResult Read(ReadOnlyMemory<byte> body, int maxBytes)
    {
        if (body.Length > maxBytes)
        {
            return WireReadResult.Fail("too-large", $"Body of {body.Length} bytes exceeds the limit of {maxBytes}.");
        }

        if (!Utf8.IsValid(body.Span))
        {
            return WireReadResult.Fail("not-utf8", "Body is not valid UTF-8.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException ex)
        {
            return WireReadResult.Fail("not-json", $"Body is not JSON: {ex.Message}");
        }

        using (document)
        {
            try
            {
                return ReadEnvelope(document.RootElement);
            }
            catch (ContractException ex)
            {
                return WireReadResult.Fail("contract", ex.Message);
            }
        }
    }

    private static WireReadResult ReadEnvelope(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ContractException("Body is not a JSON object.");
        }

        var eventId = RequiredString(root, "eventId");
        // The older specification's names for the same events.
        var eventType = RequiredString(root, "eventType") switch
        {
            "guild.create" => "guild.join",
            "guild.delete" => "guild.leave",
            var other => other,
        };
        var timestamp = DateTimeOffset.FromUnixTimeMilliseconds(RequiredInt64(root, "timestamp", 0, 253402300799999));
        var shardId = (int)RequiredInt64(root, "shardId", 0, int.MaxValue);
        var guildId = RequiredSnowflake(root, "guildId");
        var channelId = OptionalSnowflake(root, "channelId");
        var data = root.TryGetProperty("data", out var dataElement) && dataElement.ValueKind != JsonValueKind.Null
            ? ToPayload(dataElement, "data")
            : Payload.Empty;

        if (eventType.StartsWith("interaction.", StringComparison.Ordinal))
        {
            return WireReadResult.Of(ReadInteraction(root, eventId, eventType, timestamp, shardId, guildId, channelId, data));
        }

        if (!EventTypes.Contains(eventType))
        {
            throw new ContractException($"eventType '{Truncate(eventType)}' is not one the contract knows.");
        }

        var userId = OptionalString(root, "userId") switch
        {
            null or "unknown" => (Snowflake?)null,
            var text when Snowflake.TryParse(text, out var id) => id,
            _ => throw new ContractException("userId is neither a snowflake nor \"unknown\"."),
        };
        return WireReadResult.Of(new GuildEventInput(eventId, eventType, timestamp, shardId, guildId, channelId, userId, data));
    }

    private static InteractionInput ReadInteraction(
        JsonElement root, string eventId, string eventType, DateTimeOffset timestamp, int shardId,
        Snowflake guildId, Snowflake? channelId, Payload data)
    {
        var interactionId = RequiredSnowflake(root, "interactionId");
        var token = new InteractionToken(RequiredString(root, "interactionToken"));
        var userId = RequiredSnowflake(root, "userId");
        var kind = data.GetInt64("type") switch
        {
            2 => InteractionKind.Command,
            3 => InteractionKind.Component,
            4 => InteractionKind.Autocomplete,
            5 => InteractionKind.ModalSubmit,
            _ => throw new ContractException("data.type is not one of 2, 3, 4, 5."),
        };

        var commandName = data.GetString("commandName");
        var customId = data.GetString("customId");
        if (kind == InteractionKind.Command && string.IsNullOrEmpty(commandName))
        {
            throw new ContractException("A command interaction has no data.commandName.");
        }

        if (kind is InteractionKind.Component or InteractionKind.ModalSubmit && string.IsNullOrEmpty(customId))
        {
            throw new ContractException("A component or modal interaction has no data.customId.");
        }

        var fields = data.GetObject("fields") is { } fieldPayload
            ? fieldPayload.Names.Where(n => fieldPayload[n] is string).ToDictionary(n => n, n => (string)fieldPayload[n]!, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

        return new InteractionInput(
            eventId, eventType, timestamp, shardId, guildId, channelId, userId, interactionId, token, kind,
            commandName, customId,
            data.GetObject("options") ?? Payload.Empty,
            fields,
            data.GetStrings("values"),
            new HashSet<string>(data.GetStrings("memberPermissions"), StringComparer.Ordinal),
            data.GetString("focusedOption"));
    }

    private static Payload ToPayload(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ContractException($"{path} is not an object.");
        }

        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            values[property.Name] = ToValue(property.Value, path + "." + property.Name);
        }

        return new Payload(values);
    }

    private static object? ToValue(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number when element.TryGetInt64(out var whole) => whole,
        JsonValueKind.Number => element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null => null,
        JsonValueKind.Object => ToPayload(element, path),
        JsonValueKind.Array => element.EnumerateArray().Select((item, i) => ToValue(item, $"{path}[{i}]")).ToArray(),
        _ => throw new ContractException($"{path} has an unreadable value."),
    };

    private static string RequiredString(JsonElement root, string name) =>
        OptionalString(root, name) is { Length: > 0 } value
            ? value
            : throw new ContractException($"{name} is missing or empty.");

    private static string? OptionalString(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new ContractException($"{name} is not a string.");
    }

    private static long RequiredInt64(JsonElement root, string name, long min, long max)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Number
            || !value.TryGetInt64(out var number) || number < min || number > max)
        {
            throw new ContractException($"{name} is missing or not a whole number in range.");
        }

        return number;
    }

    private static Snowflake RequiredSnowflake(JsonElement root, string name) =>
        OptionalSnowflake(root, name) ?? throw new ContractException($"{name} is missing.");

    private static Snowflake? OptionalSnowflake(JsonElement root, string name)
    {
        var text = OptionalString(root, name);
        if (text is null)
        {
            return null;
        }

        return Snowflake.TryParse(text, out var id)
            ? id
            : throw new ContractException($"{name} is not a snowflake.");
    }

    private static string Truncate(string text) => text.Length > 64 ? text[..64] + "…" : text;

    /// <summary>Raised only inside the reader, and always turned into a <see cref="WireReadResult"/>.</summary>
    private sealed class ContractException(string message) : Exception(message);
}
