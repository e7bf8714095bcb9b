using System.Diagnostics;
using Arrakis.Application.Abstractions.State;

namespace Arrakis.Application.Behaviors;

/// <summary>
/// Writes a record that must follow work already done (a side effect, a finished run): without it a later delivery
/// repeats the work. A Redis outage is waited out (the multiplexer reconnects by itself) while the run may last and
/// at most <see cref="MaxWait"/>; after that the outage is the caller's to handle (ADR 0075).
/// </summary>
internal static class StateWriteRetry
{
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(250);

    public static Task RunAsync(Func<Task> write, Action onRetry, CancellationToken cancellationToken) =>
        RunAsync(
            async () =>
            {
                await write();
                return true;
            },
            onRetry,
            cancellationToken);

    public static async Task<T> RunAsync<T>(Func<Task<T>> write, Action onRetry, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await write();
            }
            catch (StateUnavailableException) when (!cancellationToken.IsCancellationRequested && waited.Elapsed < MaxWait)
            {
                onRetry();
                await Task.Delay(Pause, CancellationToken.None);
            }
        }
    }
}
