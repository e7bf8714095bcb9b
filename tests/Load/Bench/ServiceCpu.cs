using System.Diagnostics;
using System.Globalization;

namespace Arrakis.Load.Bench;

/// <summary>
/// Processor time of the local RabbitMQ node (<c>beam.smp</c>) or Redis (<c>redis-server</c>): their share of a drain
/// tells whether a change moved work off them (one acknowledgement frame for many messages) or onto them.
/// </summary>
public static class ServiceCpu
{
    public const string Broker = "beam.smp";
    public const string Redis = "redis-server";

    /// <summary>The process's user and system time so far; null when no such local process is found.</summary>
    public static TimeSpan? Read(string command)
    {
        // Found by the kernel's command name: Process.GetProcessesByName misses Redis, whose rewritten command line
        // ("redis-server 127.0.0.1:6379") becomes its ProcessName.
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                    && File.ReadAllText(Path.Combine(dir, "comm")).Trim() == command)
                {
                    using var process = Process.GetProcessById(pid);
                    return process.TotalProcessorTime;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
            {
                // The process ended while we looked, or is not ours to read.
            }
        }

        return null;
    }

    /// <summary>Microseconds of processor time per message between two readings; NaN (shown "n/a") when either is missing.</summary>
    public static double PerMessage(TimeSpan? before, TimeSpan? after, long messages) =>
        before is { } b && after is { } a && messages > 0 ? (a - b).TotalMicroseconds / messages : double.NaN;
}
