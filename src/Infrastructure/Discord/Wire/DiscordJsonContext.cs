using System.Text.Json.Serialization;

namespace Arrakis.Infrastructure.Discord.Wire;

/// <summary>Source-generated (de)serialisation of Discord's wire shapes: snake_case, nulls left out.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(InteractionCallbackPayload))]
[JsonSerializable(typeof(MessagePayload))]
[JsonSerializable(typeof(CreateDmPayload))]
[JsonSerializable(typeof(ChannelPayload))]
[JsonSerializable(typeof(MemberPayload))]
[JsonSerializable(typeof(ErrorPayload))]
internal sealed partial class DiscordJsonContext : JsonSerializerContext;
