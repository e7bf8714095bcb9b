using Arrakis.Infrastructure.Redis;
using Arrakis.Testing;

namespace Arrakis.Infrastructure.Tests.Redis;

/// <summary>
/// How concurrent requests share round trips (ADR 0033): alone when idle, together when they queued behind a call in
/// flight, never more than the bound, and a failed call fails its own requests only.
/// </summary>
public sealed class RedisBatchTests
{
    [Fact]
    public async Task WhenIdle_ARequestIsSentAtOnceAndAlone()
    {
        var redis = new GatedSend();
        var batch = new RedisBatch<int, string>(redis.SendAsync, maxBatch: 10);

        var reply = batch.SendAsync(7);
        redis.ReleaseNext();

        Assert.Equal("r7", await reply.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal([[7]], redis.Batches);
    }

    [Fact]
    public async Task RequestsQueuedBehindACallInFlight_GoTogetherInTheNextCall_EachWithItsOwnReply()
    {
        var redis = new GatedSend();
        var batch = new RedisBatch<int, string>(redis.SendAsync, maxBatch: 10);

        var first = batch.SendAsync(1);
        var queued = Enumerable.Range(2, 5).Select(batch.SendAsync).ToList();
        Assert.Single(redis.Batches); // the others wait for the first call's reply
        redis.ReleaseNext();
        await first.WaitAsync(TimeSpan.FromSeconds(5));
        await redis.WaitForBatchesAsync(2);
        redis.ReleaseNext();

        Assert.Equal(["r2", "r3", "r4", "r5", "r6"], await Task.WhenAll(queued).WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal([[1], [2, 3, 4, 5, 6]], redis.Batches);
    }

    [Fact]
    public async Task TheNextCallGoesOut_BeforeTheCallersOfTheLastOneResume()
    {
        var redis = new GatedSend();
        var batch = new RedisBatch<int, string>(redis.SendAsync, maxBatch: 10);

        var first = batch.SendAsync(1);
        var queued = batch.SendAsync(2);
        // Runs where the first caller resumes, and holds it until the second call has gone out (bounded): a batch
        // whose callers resumed before the next call was sent would hold that call back for as long as they run.
        var sawNextCall = first.ContinueWith(
            _ => SpinWait.SpinUntil(() => redis.Batches.Count == 2, TimeSpan.FromSeconds(5)),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        redis.ReleaseNext();

        Assert.True(await sawNextCall.WaitAsync(TimeSpan.FromSeconds(10)), "The second call waited for the first call's caller.");
        redis.ReleaseNext();
        Assert.Equal("r2", await queued.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task MoreQueuedThanTheBound_AreSentInCallsOfAtMostTheBound_InArrivalOrder()
    {
        var redis = new GatedSend();
        var batch = new RedisBatch<int, string>(redis.SendAsync, maxBatch: 2);

        var replies = Enumerable.Range(1, 6).Select(batch.SendAsync).ToList();
        for (var call = 1; call <= 4; call++)
        {
            await redis.WaitForBatchesAsync(call);
            redis.ReleaseNext();
        }

        await Task.WhenAll(replies).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal([[1], [2, 3], [4, 5], [6]], redis.Batches);
    }

    [Fact]
    public async Task AFailedCall_FailsItsOwnRequestsOnly_AndTheNextCallStillGoes()
    {
        var redis = new GatedSend();
        var batch = new RedisBatch<int, string>(redis.SendAsync, maxBatch: 10);

        var failing = batch.SendAsync(1);
        var next = batch.SendAsync(2);
        redis.FailNext(new TimeoutException("redis timed out"));
        await redis.WaitForBatchesAsync(2);
        redis.ReleaseNext();

        await Assert.ThrowsAsync<TimeoutException>(() => failing.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal("r2", await next.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task AReplyCountThatDoesNotMatch_FailsTheBatchRatherThanMixingUpReplies()
    {
        var gate = new TaskCompletionSource<string[]>();
        var batch = new RedisBatch<int, string>(async requests => requests.Count == 1 ? await gate.Task : ["one reply for two"], maxBatch: 10);

        var first = batch.SendAsync(1);
        var pair = new[] { batch.SendAsync(2), batch.SendAsync(3) };
        gate.SetResult(["r1"]);

        Assert.Equal("r1", await first.WaitAsync(TimeSpan.FromSeconds(5)));
        foreach (var reply in pair)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => reply.WaitAsync(TimeSpan.FromSeconds(5)));
        }
    }

    /// <summary>A round trip that stays in flight until the test releases it; records each call's requests.</summary>
    private sealed class GatedSend
    {
        private readonly Lock _gate = new();
        private readonly Queue<TaskCompletionSource<bool>> _inFlight = new();
        private readonly List<int[]> _batches = [];
        private Exception? _failNext;

        public List<int[]> Batches
        {
            get
            {
                lock (_gate)
                {
                    return [.. _batches];
                }
            }
        }

        public async Task<string[]> SendAsync(IReadOnlyList<int> requests)
        {
            var release = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                _batches.Add([.. requests]);
                _inFlight.Enqueue(release);
            }

            await release.Task;
            return [.. requests.Select(r => "r" + r)];
        }

        public void ReleaseNext()
        {
            lock (_gate)
            {
                var call = _inFlight.Dequeue();
                if (_failNext is { } failure)
                {
                    _failNext = null;
                    call.SetException(failure);
                    return;
                }

                call.SetResult(true);
            }
        }

        public void FailNext(Exception failure)
        {
            lock (_gate)
            {
                _failNext = failure;
            }

            ReleaseNext();
        }

        public async Task WaitForBatchesAsync(int count) =>
            Assert.True(await Eventually.TrueAsync(() => Batches.Count >= count, TimeSpan.FromSeconds(5)), $"Expected {count} calls; saw {Batches.Count}.");
    }
}
