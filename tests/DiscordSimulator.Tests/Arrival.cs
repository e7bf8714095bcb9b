namespace Arrakis.DiscordSimulator.Tests;

/// <summary>For a fault's <c>Matches</c>: the caller gives up the moment its request reaches the simulator.</summary>
internal static class Arrival
{
    public static bool Cancels(CancellationTokenSource caller)
    {
        caller.Cancel();
        return true;
    }
}
