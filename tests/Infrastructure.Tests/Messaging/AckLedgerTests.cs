using Arrakis.Infrastructure.Messaging;

namespace Arrakis.Infrastructure.Tests.Messaging;

/// <summary>
/// Which acknowledgements go out when (ADR 0015): a settled run at the head of the channel as one <c>multiple</c>
/// acknowledgement; settled deliveries behind a slow one wait briefly, or until half the window waits, then go alone.
/// </summary>
public sealed class AckLedgerTests
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan T0 = TimeSpan.FromSeconds(1);

    [Fact]
    public void SettledInOrder_GoOutAsOneAcknowledgementOfTheLast()
    {
        var ledger = Delivered(1, 2, 3);
        ledger.Settled(1, T0);
        ledger.Settled(2, T0);
        ledger.Settled(3, T0);

        var plan = ledger.Take(T0);

        Assert.Equal([1UL, 2, 3], plan.Covered);
        Assert.Empty(plan.Alone);
        Assert.Null(plan.NextDue);
        AssertNothingSent(ledger.Take(T0));
    }

    [Fact]
    public void SettledBehindOneStillRunning_WaitForIt_ThenJoinItsAcknowledgement()
    {
        var ledger = Delivered(1, 2, 3);
        ledger.Settled(2, T0);
        ledger.Settled(3, T0);

        var waiting = ledger.Take(T0 + TimeSpan.FromMilliseconds(1));
        AssertNothingSent(waiting);
        Assert.Equal(T0 + MaxWait, waiting.NextDue);

        ledger.Settled(1, T0 + TimeSpan.FromMilliseconds(2));
        var plan = ledger.Take(T0 + TimeSpan.FromMilliseconds(2));

        Assert.Equal([1UL, 2, 3], plan.Covered);
        Assert.Empty(plan.Alone);
    }

    [Fact]
    public void SettledBehindASlowOne_GoAlonePastTheWait_AndTheLaterMultipleSkipsThem()
    {
        var ledger = Delivered(1, 2, 3, 4);
        ledger.Settled(3, T0);
        ledger.Settled(2, T0);

        var alone = ledger.Take(T0 + MaxWait);
        Assert.Empty(alone.Covered);
        Assert.Equal([2UL, 3], alone.Alone);

        ledger.Settled(1, T0 + MaxWait);
        ledger.Settled(4, T0 + MaxWait);
        var plan = ledger.Take(T0 + MaxWait);

        // 2 and 3 are already acknowledged: the multiple acknowledgement of 4 covers 1 and 4 only.
        Assert.Equal([1UL, 4], plan.Covered);
        Assert.Empty(plan.Alone);
    }

    [Fact]
    public void HalfTheWindowWaiting_GoesAloneAtOnce()
    {
        var ledger = new AckLedger(MaxWait, maxWaiting: 2);
        foreach (var tag in new ulong[] { 1, 2, 3, 4 })
        {
            ledger.Delivered(tag);
        }

        ledger.Settled(2, T0);
        AssertNothingSent(ledger.Take(T0));

        ledger.Settled(3, T0);
        Assert.Equal([2UL, 3], ledger.Take(T0).Alone);
    }

    [Fact]
    public void NothingSettled_NothingDue()
    {
        var plan = Delivered(1, 2).Take(T0);

        AssertNothingSent(plan);
        Assert.Null(plan.NextDue);
    }

    private static void AssertNothingSent(AckPlan plan)
    {
        Assert.Empty(plan.Covered);
        Assert.Empty(plan.Alone);
    }

    private static AckLedger Delivered(params ulong[] tags)
    {
        var ledger = new AckLedger(MaxWait, maxWaiting: 50);
        foreach (var tag in tags)
        {
            ledger.Delivered(tag);
        }

        return ledger;
    }
}
