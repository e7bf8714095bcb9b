using System.Text.Json.Serialization;

namespace Arrakis.Worker.Health;

[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class HealthJsonContext : JsonSerializerContext;
