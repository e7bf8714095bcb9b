using Arrakis.Domain.Discord;

namespace Arrakis.Domain.Tests;

public sealed class InteractionWindowTests
{
    private static readonly DateTimeOffset Created = DateTimeOffset.FromUnixTimeMilliseconds(1_767_139_200_000);
    private static readonly Snowflake Id = Snowflake.FromTime(Created);

    [Theory]
    [InlineData(0, InteractionAge.Answerable)]
    [InlineData(2_999, InteractionAge.Answerable)]
    [InlineData(3_000, InteractionAge.TooLateToAnswer)]
    [InlineData(899_999, InteractionAge.TooLateToAnswer)]
    [InlineData(900_000, InteractionAge.TokenExpired)]
    public void Classify_CountsFromTheSnowflakesCreationTime(int ageMs, InteractionAge expected) =>
        Assert.Equal(expected, InteractionWindow.Classify(Id, Created.AddMilliseconds(ageMs)));
}
