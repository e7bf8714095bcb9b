using System.Diagnostics;
using System.Runtime.CompilerServices;
using Arrakis.Application.Abstractions.State;
using StackExchange.Redis;

namespace Arrakis.Infrastructure.Redis;

/// <summary>
/// Turns Redis outages into the one exception the application understands; anything else is a bug and passes.
/// StackExchange.Redis commands take no cancellation token: each is bounded by the multiplexer's async timeout.
/// </summary>
internal static class RedisCall
{
    public const string SourceName = "Arrakis.Redis";

    /// <summary>One client span per state operation, named for the adapter and its method: never a key or a value.</summary>
    internal static readonly ActivitySource Source = new(SourceName);

    public static async Task<T> RunAsync<T>(Func<Task<T>> call, [CallerMemberName] string operation = "", [CallerFilePath] string adapter = "")
    {
        using var activity = Start(operation, adapter);
        try
        {
            return await call();
        }
        catch (Exception ex) when (IsOutage(ex))
        {
            activity?.SetTag("error.type", ex.GetType().Name);
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);

            // The type only: outage messages can name the endpoint and its settings.
            throw new StateUnavailableException("The state store is unavailable (" + ex.GetType().Name + ").", ex);
        }
    }

    public static Task RunAsync(Func<Task> call, [CallerMemberName] string operation = "", [CallerFilePath] string adapter = "") => RunAsync(
        async () =>
        {
            await call();
            return true;
        },
        operation,
        adapter);

    private static Activity? Start(string operation, string adapter)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        // The file name is the adapter's class name (one class per file); the path before it is the build machine's.
        var store = Path.GetFileNameWithoutExtension(adapter.Replace('\\', '/'));
        var activity = Source.StartActivity("redis " + store + "." + operation, ActivityKind.Client);
        activity?.SetTag("db.system.name", "redis");
        activity?.SetTag("db.operation.name", store + "." + operation);
        return activity;
    }

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
