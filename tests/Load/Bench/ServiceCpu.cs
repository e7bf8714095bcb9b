using System.Globalization;

namespace Arrakis.Load.Bench;

/// <summary>
/// Processor time of the local RabbitMQ node (<c>beam.smp</c>) or Redis (<c>redis-server</c>), read from /proc: their
/// share of a drain tells whether a change moved work off them (one acknowledgement frame for many messages) or onto them.
/// </summary>
public static class ServiceCpu
{
    public const string Broker = "beam.smp";
    public const string Redis = "redis-server";

    // /proc/<pid>/stat counts in clock ticks; Linux reports 100 ticks a second to user space.
    private const double TicksPerSecond = 100;

    /// <summary>The process's user and system time so far; null when no such local process is found.</summary>
    public static TimeSpan? Read(string command)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out _)
                    || File.ReadAllText(Path.Combine(dir, "comm")).Trim() != command)
                {
                    continue;
                }

                // Fields after the command name (which may hold spaces): state is the 3rd field, utime the 14th, stime the 15th.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                return TimeSpan.FromSeconds(ticks / TicksPerSecond);
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return null;
    }

    /// <summary>Microseconds of processor time per message between two readings; NaN when either is missing.</summary>
    public static double PerMessage(TimeSpan? before, TimeSpan? after, long messages) =>
        before is { } b && after is { } a && messages > 0 ? (a - b).TotalMicroseconds / messages : double.NaN;
}
