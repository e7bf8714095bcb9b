using Arrakis.Domain.Discord;
using Arrakis.Domain.Wallets;

namespace Arrakis.Domain.Tests;

public sealed class VerificationChallengeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Text_NamesGuildUserNonceAndExpiry()
    {
        var challenge = new VerificationChallenge(new Snowflake(1098765432109876543), new Snowflake(287654321098765432), "abc123", Now.AddMinutes(15));

        Assert.Equal(
            "Arrakis wallet verification\nGuild: 1098765432109876543\nUser: 287654321098765432\nNonce: abc123\nExpires: 2026-11-27T12:15:00Z",
            challenge.Text);
    }

    [Fact]
    public void Issue_GivesAFreshNonceAndA15MinuteExpiry()
    {
        var first = VerificationChallenge.Issue(new Snowflake(1), new Snowflake(2), Now);
        var second = VerificationChallenge.Issue(new Snowflake(1), new Snowflake(2), Now);

        Assert.NotEqual(first.Nonce, second.Nonce);
        Assert.Equal(32, first.Nonce.Length);
        Assert.Equal(Now.AddMinutes(15), first.ExpiresAt);
        Assert.False(first.IsExpired(Now.AddMinutes(14)));
        Assert.True(first.IsExpired(Now.AddMinutes(15)));
    }

    [Theory]
    [InlineData("0x52908400098527886E0F7030069857D2E4169EE7", true)]
    [InlineData("  0x52908400098527886e0f7030069857d2e4169ee7 ", true)]
    [InlineData("52908400098527886E0F7030069857D2E4169EE7", false)]
    [InlineData("0x52908400098527886E0F7030069857D2E4169EE", false)]
    [InlineData("0xZZ908400098527886E0F7030069857D2E4169EE7", false)]
    [InlineData("", false)]
    public void WalletAddress_AcceptsOnlyEvmAddresses(string text, bool valid)
    {
        Assert.Equal(valid, WalletAddress.TryParse(text, out var address));
        if (valid)
        {
            Assert.Equal("0x52908400098527886e0f7030069857d2e4169ee7", address!.Value);
        }
    }
}
