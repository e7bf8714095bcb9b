using System.Text;
using Arrakis.Infrastructure.Messaging;
using Arrakis.Testing;
using static Arrakis.Infrastructure.Tests.Messaging.BrokerAssertions;

namespace Arrakis.Infrastructure.Tests.Messaging;

/// <summary>A body the worker cannot read goes to the dead-letter queue at once with its reason, never to a handler or a retry.</summary>
public sealed class MalformedBodyTests(IsolatedBroker broker) : IClassFixture<IsolatedBroker>
{
    public static TheoryData<string, string, string> Bodies => new()
    {
        { "not-json", "member.join", "{\"eventId\": not json" },
        { "not-utf8", "member.join", "\u00ff\u00fe{}" },
        { "too-large", "member.join", "{\"pad\":\"" + new string('x', 3000) + "\"}" },
        { "contract", "member.join", "{\"eventType\":\"member.join\",\"timestamp\":1,\"shardId\":0,\"guildId\":\"1\"}" },
        { "contract", "member.join", "{\"eventId\":\"e\",\"eventType\":\"member.join\",\"timestamp\":1,\"shardId\":0,\"guildId\":\"not-a-snowflake\"}" },
        { "contract", "member.join", "{\"eventId\":\"e\",\"eventType\":\"member.dance\",\"timestamp\":1,\"shardId\":0,\"guildId\":\"1\"}" },
        { "contract", "interaction.button", "{\"eventId\":\"e\",\"eventType\":\"interaction.button\",\"timestamp\":1,\"shardId\":0,\"guildId\":\"1\",\"userId\":\"2\",\"interactionId\":\"3\",\"interactionToken\":\"t\",\"data\":{\"type\":9}}" },
        { "contract", "member.join", "[1,2,3]" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task UnreadableBody_IsDeadLetteredAtOnceWithItsReason_AndNeverHandled(string reason, string routingKey, string text)
    {
        var dispatcher = new ScriptedDispatcher();
        var settings = MessagingHarness.Settings(broker);
        settings["MAX_MESSAGE_BYTES"] = "2048";
        await using (var harness = await MessagingHarness.StartAsync(settings, dispatcher))
        {
            // Latin-1 bytes for the not-utf8 case: 0xFF 0xFE is never valid UTF-8.
            var body = reason == "not-utf8" ? Encoding.Latin1.GetBytes(text) : Encoding.UTF8.GetBytes(text);
            await broker.PublishRawAsync(routingKey, body);

            Assert.True(await Eventually.TrueAsync(async () => await broker.MessageCountAsync(DeadLetters) == 1), "Not dead-lettered.");
            var dead = Assert.Single(await broker.DrainAsync(DeadLetters));
            Assert.Equal(reason, dead.BasicProperties.Text(DeadLetterHeaders.Reason));
            Assert.Equal("1", dead.BasicProperties.Text(DeadLetterHeaders.Attempts));
            Assert.Equal(body, dead.Body.ToArray());
        }

        Assert.Empty(dispatcher.Calls);
        Assert.Equal(0u, await broker.MessageCountAsync(routingKey.StartsWith("interaction.", StringComparison.Ordinal) ? Interactions : Events));
    }
}
