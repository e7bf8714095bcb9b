using Arrakis.Testing.Hostile;

namespace Arrakis.EndToEnd.Tests.Hostile;

/// <summary>The corpus reproduces: a failure of <see cref="HostileInputTests"/> can be replayed message for message.</summary>
public sealed class HostileCorpusTests
{
    [Fact]
    public void SameSeed_GivesTheSameMessages_WithUniqueMessageIds()
    {
        var first = HostileCorpus.Generate();
        var second = HostileCorpus.Generate();

        Assert.True(first.Count >= 1000, $"The corpus has {first.Count} messages.");
        Assert.Equal(first.Select(m => m.MessageId), second.Select(m => m.MessageId));
        Assert.All(first.Zip(second), pair => Assert.Equal(pair.First.Body(), pair.Second.Body()));
        Assert.Equal(first.Count, first.Select(m => m.MessageId).Distinct(StringComparer.Ordinal).Count());
    }
}
