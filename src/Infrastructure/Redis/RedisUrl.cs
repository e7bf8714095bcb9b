using System.Globalization;
using StackExchange.Redis;

namespace Arrakis.Infrastructure.Redis;

/// <summary>
/// Reads the <c>redis://</c> URL the existing deployment sets into StackExchange.Redis options, with the worker's
/// connection policies (start without Redis, reconnect often).
/// </summary>
internal static class RedisUrl
{
    internal const int ReconnectFirstDelayMs = 500;
    internal const int ReconnectLongestDelayMs = 2000;

    public static bool TryParse(string? url, out ConfigurationOptions options)
    {
        options = new ConfigurationOptions();
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("redis" or "rediss") || uri.Host.Length == 0)
        {
            return false;
        }

        options.EndPoints.Add(uri.Host, uri.IsDefaultPort ? 6379 : uri.Port);
        options.Ssl = uri.Scheme == "rediss";
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            if (parts.Length == 2)
            {
                options.User = parts[0].Length > 0 ? Uri.UnescapeDataString(parts[0]) : null;
                options.Password = Uri.UnescapeDataString(parts[1]);
            }
            else
            {
                options.Password = Uri.UnescapeDataString(parts[0]);
            }
        }

        var path = uri.AbsolutePath.Trim('/');
        if (path.Length > 0)
        {
            if (!int.TryParse(path, NumberStyles.None, CultureInfo.InvariantCulture, out var database))
            {
                return false;
            }

            options.DefaultDatabase = database;
        }

        // Start even when Redis is down and reconnect in the background (see docs/adr).
        options.AbortOnConnectFail = false;

        // The client's default waits 2.5 s, growing towards 10 s, between reconnection attempts: after a minute's
        // outage the worker was unready for up to 4.6 s once Redis was back. Every 0.5 to 2 s bounds that (ADR 0030).
        options.ReconnectRetryPolicy = new ExponentialRetry(ReconnectFirstDelayMs, ReconnectLongestDelayMs);
        options.ClientName = "arrakis-worker";
        return true;
    }
}
