using System.Text.Json.Nodes;

namespace Arrakis.Demo;

/// <summary>One message the demo publishes: what a person reads (<see cref="Label"/>) and what the ingestor would send.</summary>
internal sealed record DemoMessage(string Label, string RoutingKey, JsonObject Properties, ReadOnlyMemory<byte> Body, string EventId)
{
    public string? InteractionId { get; init; }

    /// <summary>Minted by the demo for this run; only compared with the simulator's log, never printed.</summary>
    public string? InteractionToken { get; init; }
}
