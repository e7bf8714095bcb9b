using System.Diagnostics;
using Arrakis.Application.Abstractions.State;

namespace Arrakis.Application.Behaviors;

/// <summary>
/// Writes a record that must follow work already done (a side effect, a finished run): without it a later delivery
/// repeats the work. A Redis outage is waited out (the multiplexer reconnects by itself) for at most
/// <see cref="MaxWait"/>; after that the outage is the caller's to handle (ADR 0075). The run's cancellation does not
/// cut the wait short: the work is done whatever the run's time budget says, and giving up guarantees a repeat (chaos
/// redis-restart, reduced: a role added twice when the processing timeout fired during the outage).
/// </summary>
internal static class StateWriteRetry
{
    // Long enough for a state store restart or failover (30 s was not: a 60 s outage repeated a role). Only the runs that
    // did their work as the outage began wait here; nothing new runs without Redis.
    public static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(250);

    public static Task RunAsync(Func<Task> write, Action onRetry) =>
        RunAsync(
            async () =>
            {
                await write();
                return true;
            },
            onRetry);

    public static async Task<T> RunAsync<T>(Func<Task<T>> write, Action onRetry)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await write();
            }
            catch (StateUnavailableException) when (waited.Elapsed < MaxWait)
            {
                onRetry();
                await Task.Delay(Pause, CancellationToken.None);
            }
        }
    }
}
