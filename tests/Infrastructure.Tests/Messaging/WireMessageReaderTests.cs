using System.Text;
using System.Text.Json.Nodes;
using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Infrastructure.Messaging.Wire;
using Arrakis.Testing;

namespace Arrakis.Infrastructure.Tests.Messaging;

public sealed class WireMessageReaderTests
{
    private const int Limit = 256 * 1024;

    public static TheoryData<string> Samples => [.. WireFixture.Names];

    [Theory]
    [MemberData(nameof(Samples))]
    public void Read_EverySampleOfTheIngestor_IsValidAndKeepsItsEnvelope(string name)
    {
        var sample = WireFixture.Load(name);

        var read = WireMessageReader.Read(sample.BodyBytes, Limit);

        Assert.True(read.IsValid, read.FailureReason);
        Assert.Equal(sample.EventId, read.EventId);
        Assert.Equal(sample.Body["eventType"]!.GetValue<string>(), read.EventType);
    }

    [Fact]
    public void Read_ACommand_ReadsNameOptionsPermissionsAndToken()
    {
        var read = WireMessageReader.Read(WireFixture.Load("interaction.command.admin-subcommand").BodyBytes, Limit);

        var input = Assert.IsType<InteractionInput>(read.Interaction);
        Assert.Equal(InteractionKind.Command, input.Kind);
        Assert.Equal("admin", input.CommandName);
        Assert.Equal("1187654321098765432", input.Options.GetObject("config")?.GetObject("verified-role")?.GetString("role"));
        Assert.Contains("ManageGuild", input.MemberPermissions);
        Assert.Equal("dG9rZW4tZm9yLWEtc3ViY29tbWFuZC1leGFtcGxl", input.Token.Reveal());
        Assert.Equal(1455712056010347060UL, input.InteractionId.Value);
    }

    [Fact]
    public void Read_AModal_ReadsItsFields()
    {
        var input = WireMessageReader.Read(WireFixture.Load("interaction.modal").BodyBytes, Limit).Interaction!;

        Assert.Equal(InteractionKind.ModalSubmit, input.Kind);
        Assert.Equal("verify:signature:0b6f7c1e", input.CustomId);
        Assert.Equal("0x52908400098527886E0F7030069857D2E4169EE7", input.Fields["address"]);
    }

    [Fact]
    public void Read_ASelectMenu_ReadsItsValues() =>
        Assert.Equal(["berachain", "ethereum"], WireMessageReader.Read(WireFixture.Load("interaction.button.select-menu").BodyBytes, Limit).Interaction!.Values);

    [Fact]
    public void Read_AMemberLeaveWithUnknownUser_HasNoUserId()
    {
        var input = WireMessageReader.Read(WireFixture.Load("member.leave.partial").BodyBytes, Limit).GuildEvent!;
        Assert.Null(input.UserId);
        Assert.Equal(0, input.Data.Count);
    }

    [Fact]
    public void Read_AMemberJoin_ReadsItsData()
    {
        var input = WireMessageReader.Read(WireFixture.Load("member.join").BodyBytes, Limit).GuildEvent!;
        Assert.Equal("Sandworm Rider", input.Data.GetString("displayName"));
        Assert.Equal(["1098765432109876543"], input.Data.GetStrings("roles"));
        Assert.False(input.Data.GetBoolean("pending"));
        Assert.Equal(287654321098765432UL, input.UserId!.Value.Value);
    }

    [Theory]
    [InlineData("not json at all", "not-json")]
    [InlineData("[1,2,3]", "contract")]
    [InlineData("{}", "contract")]
    [InlineData("", "not-json")]
    public void Read_BodiesOutsideTheContract_AreRejectedWithAReason(string body, string code)
    {
        var read = WireMessageReader.Read(Encoding.UTF8.GetBytes(body), Limit);
        Assert.False(read.IsValid);
        Assert.Equal(code, read.FailureCode);
    }

    [Fact]
    public void Read_InvalidUtf8_IsRejected() =>
        Assert.Equal("not-utf8", WireMessageReader.Read(new byte[] { 0x7B, 0xC3, 0x28, 0x7D }, Limit).FailureCode);

    [Fact]
    public void Read_ABodyOverTheLimit_IsRejectedUnread() =>
        Assert.Equal("too-large", WireMessageReader.Read(new byte[Limit + 1], Limit).FailureCode);

    [Fact]
    public void Read_NestingDeeperThanTheLimit_IsRejected()
    {
        var deep = "{\"a\":" + string.Concat(Enumerable.Repeat("[", 64)) + string.Concat(Enumerable.Repeat("]", 64)) + "}";
        Assert.Equal("not-json", WireMessageReader.Read(Encoding.UTF8.GetBytes(deep), Limit).FailureCode);
    }

    [Theory]
    [InlineData("eventId", null)]
    [InlineData("guildId", "not-a-snowflake")]
    [InlineData("guildId", "0")]
    [InlineData("timestamp", "yesterday")]
    [InlineData("userId", "12ab")]
    public void Read_AnEventWithABrokenField_IsAContractViolationNamingTheField(string field, string? value)
    {
        var sample = WireFixture.Load("member.join");
        sample.Body[field] = value is null ? null : JsonValue.Create(value);
        if (value is null)
        {
            sample.Body.Remove(field);
        }

        var read = WireMessageReader.Read(sample.BodyBytes, Limit);

        Assert.Equal("contract", read.FailureCode);
        Assert.Contains(field, read.FailureReason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("interactionId")]
    [InlineData("interactionToken")]
    [InlineData("userId")]
    public void Read_AnInteractionMissingWhatAnAnswerNeeds_IsRejected(string field)
    {
        var sample = WireFixture.Load("interaction.command.verify");
        sample.Body.Remove(field);
        Assert.Equal("contract", WireMessageReader.Read(sample.BodyBytes, Limit).FailureCode);
    }

    [Fact]
    public void Read_ARejectionReason_NeverContainsTheToken()
    {
        var sample = WireFixture.Load("interaction.command.verify");
        sample.Body["data"]!["type"] = 99;
        var read = WireMessageReader.Read(sample.BodyBytes, Limit);
        Assert.False(read.IsValid);
        Assert.DoesNotContain(sample.Body["interactionToken"]!.GetValue<string>(), read.FailureReason, StringComparison.Ordinal);
    }
}
