namespace Arrakis.Application.Abstractions.State;

/// <summary>
/// Every session flow's name. A member's sessions are erased by exact key, one per flow, when they leave (ADR 0076):
/// a new flow must be listed here, or its sessions outlive the member until their own expiry.
/// </summary>
public static class SessionFlows
{
    public const string Verify = "verify";

    public static readonly IReadOnlyList<string> All = [Verify];
}
