using Arrakis.Infrastructure.Messaging;
using Microsoft.Extensions.Time.Testing;

namespace Arrakis.Infrastructure.Tests.Messaging;

/// <summary>The redelivery memory is bounded in count (the newest kept) and in age, so the worker's memory stays flat.</summary>
public sealed class CompletedMessagesTests
{
    [Fact]
    public void PastItsCapacity_ItForgetsTheOldest_AndKeepsTheNewest()
    {
        var clock = new FakeTimeProvider();
        var completed = new CompletedMessages(clock);

        for (var i = 0; i <= CompletedMessages.Capacity * 2; i++)
        {
            completed.Add("id-" + i);
            clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.InRange(completed.Count, 1, CompletedMessages.Capacity);
        Assert.False(completed.Contains("id-0"));
        Assert.True(completed.Contains("id-" + (CompletedMessages.Capacity * 2)));
    }

    [Fact]
    public void AnIdAddedAgain_CountsFromItsLastAdd_WhenTheOldestAreForgotten()
    {
        var clock = new FakeTimeProvider();
        var completed = new CompletedMessages(clock);
        completed.Add("again");
        for (var i = 0; i < CompletedMessages.Capacity - 1; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(1));
            completed.Add("other-" + i);
        }

        clock.Advance(TimeSpan.FromMilliseconds(1));
        completed.Add("again");
        completed.Add("one-more");

        Assert.True(completed.Contains("again"));
        Assert.False(completed.Contains("other-0"));
        Assert.True(completed.Contains("one-more"));
        Assert.InRange(completed.Count, 1, CompletedMessages.Capacity);
    }

    [Fact]
    public void AfterItsRetention_AnIdIsNoLongerRecognised()
    {
        var clock = new FakeTimeProvider();
        var completed = new CompletedMessages(clock);
        completed.Add("id");

        clock.Advance(TimeSpan.FromMinutes(11));

        Assert.False(completed.Contains("id"));
    }
}
