using Arrakis.Domain.Discord;

namespace Arrakis.Domain.Tests;

public sealed class SnowflakeTests
{
    [Fact]
    public void CreatedAt_OfAFixtureInteractionId_IsItsCreationTime()
    {
        // interaction.command.verify.json: (1455712055947432500 >> 22) + 1420070400000 ms.
        Assert.True(Snowflake.TryParse("1455712055947432500", out var id));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds((1455712055947432500 >> 22) + 1420070400000), id.CreatedAt);
        Assert.Equal(2025, id.CreatedAt.Year);
    }

    [Fact]
    public void FromTime_RoundTripsTheMillisecond()
    {
        var now = DateTimeOffset.FromUnixTimeMilliseconds(1_767_139_200_123);
        var id = Snowflake.FromTime(now, lowBits: 42);
        Assert.Equal(now, id.CreatedAt);
        Assert.Equal(42UL, id.Value & 0x3FFFFF);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("+12")]
    [InlineData(" 12")]
    [InlineData("12a")]
    [InlineData("unknown")]
    [InlineData("18446744073709551616")]
    [InlineData("1e10")]
    public void TryParse_RejectsWhatIsNotASnowflake(string text) =>
        Assert.False(Snowflake.TryParse(text, out _));

    [Fact]
    public void ToString_IsTheDecimalWireForm() =>
        Assert.Equal("1098765432109876543", new Snowflake(1098765432109876543).ToString());
}
