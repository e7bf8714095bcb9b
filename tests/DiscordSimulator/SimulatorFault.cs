namespace Arrakis.DiscordSimulator;

/// <summary>
/// A scripted answer for the next <see cref="Times"/> requests that <see cref="Matches"/> selects, instead of the
/// normal one: a 5xx, a shared 429, a Cloudflare ban page, a slow answer, a changed bucket hash.
/// </summary>
public sealed class SimulatorFault
{
    public required Func<SimulatorRequest, bool> Matches { get; init; }

    /// <summary>The status to answer; null answers normally (after <see cref="Delay"/>, with <see cref="Headers"/>).</summary>
    public int? Status { get; init; }

    public string? Body { get; init; }

    public string ContentType { get; init; } = "application/json";

    public Dictionary<string, string> Headers { get; init; } = [];

    /// <summary>Also send the bucket's current headers (without spending a request from it).</summary>
    public bool WithBucketHeaders { get; init; }

    /// <summary>How long the answer is held back, after the request was counted against its limits.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>How long before the request is counted at all, as if the network were slow on the way in.</summary>
    public TimeSpan ArrivalDelay { get; init; }

    public int Times { get; set; } = 1;

    public static SimulatorFault Route(string route, int status, string? body = null, int times = 1) => new()
    {
        Matches = r => r.Route == route,
        Status = status,
        Body = body,
        Times = times,
    };

    public static string ErrorBody(int code, string message) =>
        $$"""{"code":{{code}},"message":"{{message}}"}""";
}
