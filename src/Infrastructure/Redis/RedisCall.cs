using Arrakis.Application.Abstractions.State;
using StackExchange.Redis;

namespace Arrakis.Infrastructure.Redis;

/// <summary>
/// Turns Redis outages into the one exception the application understands; anything else is a bug and passes.
/// StackExchange.Redis commands take no cancellation token: each is bounded by the multiplexer's async timeout.
/// </summary>
internal static class RedisCall
{
    public static async Task<T> RunAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (IsOutage(ex))
        {
            // The type only: outage messages can name the endpoint and its settings.
            throw new StateUnavailableException("The state store is unavailable (" + ex.GetType().Name + ").", ex);
        }
    }

    public static Task RunAsync(Func<Task> call) => RunAsync(async () =>
    {
        await call();
        return true;
    });

    private static bool IsOutage(Exception ex) => ex switch
    {
        RedisConnectionException or RedisTimeoutException or TimeoutException => true,
        // A restarting server answers LOADING (dataset not loaded yet) or BUSY (a script running): both pass.
        RedisServerException server => server.Message.StartsWith("LOADING", StringComparison.Ordinal)
            || server.Message.StartsWith("BUSY", StringComparison.Ordinal)
            || server.Message.StartsWith("MASTERDOWN", StringComparison.Ordinal),
        _ => false,
    };
}
