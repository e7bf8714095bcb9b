using System.Globalization;

namespace Arrakis.Domain.Discord;

/// <summary>A Discord id. Its top 42 bits are milliseconds since the Discord epoch.</summary>
public readonly record struct Snowflake(ulong Value)
{
    /// <summary>2015-01-01T00:00:00Z, Discord's epoch, in Unix milliseconds.</summary>
    public const long DiscordEpochMs = 1420070400000;

    public DateTimeOffset CreatedAt =>
        DateTimeOffset.FromUnixTimeMilliseconds((long)(Value >> 22) + DiscordEpochMs);

    /// <summary>Parses the decimal string form Discord uses on the wire; zero is never a valid id.</summary>
    public static bool TryParse(string? text, out Snowflake snowflake)
    {
        snowflake = default;
        if (string.IsNullOrEmpty(text) || text.Length > 20 || text[0] == '+'
            || !ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value == 0)
        {
            return false;
        }

        snowflake = new Snowflake(value);
        return true;
    }

    /// <summary>A snowflake minted for a moment, with the given low bits (worker, process, increment).</summary>
    public static Snowflake FromTime(DateTimeOffset time, ulong lowBits = 0) =>
        new(((ulong)(time.ToUnixTimeMilliseconds() - DiscordEpochMs) << 22) | (lowBits & 0x3FFFFF));

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
