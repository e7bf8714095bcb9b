using System.Globalization;

namespace Arrakis.Load.Soak;

/// <summary>One sample of the soak: when, the worker's memory, what was published and what the worker settled.</summary>
public sealed record SoakSample(double Minute, double RssMb, double PeakRssMb, long Published, long Handled, long Retried, long DeadLettered, long Dropped)
{
    public const string Header = "minute,rss_mb,peak_rss_mb,published,handled,retried,dead_lettered,dropped";

    public string ToCsv() => string.Create(CultureInfo.InvariantCulture,
        $"{Minute:F2},{RssMb:F1},{PeakRssMb:F1},{Published},{Handled},{Retried},{DeadLettered},{Dropped}");

    public string ToLine() => string.Create(CultureInfo.InvariantCulture,
        $"minute {Minute,5:F1}: RSS {RssMb,6:F1} MB (peak {PeakRssMb:F1}), published {Published}, handled {Handled}, retried {Retried}, dead-lettered {DeadLettered}, dropped {Dropped}");
}
