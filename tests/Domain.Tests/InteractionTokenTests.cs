using Arrakis.Domain.Discord;

namespace Arrakis.Domain.Tests;

public sealed class InteractionTokenTests
{
    [Fact]
    public void ToString_NeverShowsTheToken()
    {
        var token = new InteractionToken("aW50ZXJhY3Rpb24tdG9rZW4");
        Assert.DoesNotContain("aW50ZXJhY3Rpb24tdG9rZW4", token.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("aW50ZXJhY3Rpb24tdG9rZW4", $"answering {token}", StringComparison.Ordinal);
        Assert.Equal("aW50ZXJhY3Rpb24tdG9rZW4", token.Reveal());
    }
}
