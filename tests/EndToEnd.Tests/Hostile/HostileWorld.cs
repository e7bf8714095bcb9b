using Arrakis.EndToEnd.Tests.Features;

namespace Arrakis.EndToEnd.Tests.Hostile;

/// <summary>The feature world with short retry delays: a hostile message that fails transiently reaches its end in the test's time.</summary>
public sealed class HostileWorld : FeatureWorld
{
    protected override void Configure(Dictionary<string, string?> settings) => settings["RETRY_DELAYS_MS"] = "100,200";
}
