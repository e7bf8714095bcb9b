namespace Arrakis.Application.Verification;

/// <summary>The chains a wallet can be verified on: offered by <c>/verify chain</c>'s autocomplete.</summary>
public static class Chains
{
    public static readonly IReadOnlyList<string> All = ["berachain", "ethereum", "base", "arbitrum", "optimism", "polygon"];

    public static IEnumerable<string> Matching(string? typed) =>
        string.IsNullOrWhiteSpace(typed) ? All : All.Where(c => c.Contains(typed.Trim(), StringComparison.OrdinalIgnoreCase));
}
