using System.Text.Json.Nodes;
using Arrakis.Application.Abstractions.Discord;
using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Application.Abstractions.State;
using Arrakis.Application.Abstractions.Wallets;
using Arrakis.Application.Behaviors;
using Arrakis.Application.Tests.Behaviors;
using Arrakis.Domain.Discord;
using Microsoft.Extensions.DependencyInjection;

namespace Arrakis.Application.Tests.Features;

/// <summary>The real application (routes, mediator, every behavior) with in-memory fakes of every port.</summary>
internal sealed class FeatureHarness : IAsyncDisposable
{
    public static readonly Snowflake Guild = new(1098765432109876543);
    public static readonly Snowflake User = new(287654321098765432);

    private readonly ServiceProvider _services;

    public FeatureHarness()
    {
        Discord = new FakeDiscordInteractions(Journal);
        Sessions = new InMemorySessions(Clock);
        var services = new ServiceCollection().AddFakeLogging().AddApplication();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton(new AcknowledgementOptions());
        services.AddSingleton<IDiscordInteractions>(Discord);
        services.AddSingleton<IDiscordGuilds>(Guilds);
        services.AddSingleton<IDiscordDirectMessages>(DirectMessages);
        services.AddSingleton<IIdempotencyStore>(new FakeIdempotencyStore(Journal));
        services.AddSingleton<IRateLimiter>(RateLimiter);
        services.AddSingleton<ICooldownStore>(Cooldowns);
        services.AddSingleton<IInteractionResponseLog>(new FakeResponseLog(Journal));
        services.AddSingleton<ISessionStore>(Sessions);
        services.AddSingleton<IGuildSettingsStore>(Settings);
        services.AddSingleton<IVerificationStore>(Verifications);
        services.AddSingleton<IGuildStateEraser>(Eraser);
        services.AddSingleton<ISideEffectLog>(new InMemorySideEffects());
        services.AddSingleton<IWalletSignatures>(new FakeWalletSignatures());
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    public Journal Journal { get; } = new();

    public ManualClock Clock { get; } = new(DateTimeOffset.UtcNow);

    public FakeDiscordInteractions Discord { get; }

    public FakeRateLimiter RateLimiter { get; } = new(new Journal());

    public FakeCooldownStore Cooldowns { get; } = new(new Journal());

    public RecordingGuilds Guilds { get; } = new();

    public RecordingDirectMessages DirectMessages { get; } = new();

    public InMemorySessions Sessions { get; }

    public InMemoryGuildSettings Settings { get; } = new();

    public InMemoryVerifications Verifications { get; } = new();

    public RecordingEraser Eraser { get; } = new();

    public IServiceProvider Services => _services;

    public async Task<Result> DispatchAsync(InteractionInput input)
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMessageDispatcher>().DispatchAsync(input, CancellationToken.None);
    }

    public async Task<Result> DispatchAsync(GuildEventInput input)
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMessageDispatcher>().DispatchAsync(input, CancellationToken.None);
    }

    /// <summary>An interaction created just now (inside the 3-second window).</summary>
    public InteractionInput Interaction(
        InteractionKind kind, string? commandName = null, string? customId = null, Payload? options = null,
        IReadOnlyDictionary<string, string>? fields = null, params string[] permissions) => new(
        Guid.NewGuid().ToString(), "interaction." + kind, Clock.GetUtcNow(), 0, Guild, null, User,
        Snowflake.FromTime(Clock.GetUtcNow(), (ulong)Random.Shared.Next(1, 0x3FFFFF)), new InteractionToken("interaction-token"), kind,
        commandName, customId, options ?? Payload.Empty, fields ?? new Dictionary<string, string>(), [],
        new HashSet<string>(permissions), null);

    public GuildEventInput Event(string eventType, Snowflake? user = null, Payload? data = null) => new(
        Guid.NewGuid().ToString(), eventType, Clock.GetUtcNow(), 0, Guild, null, user, data ?? Payload.Empty);

    /// <summary>A payload from JSON text, as the wire reader would produce it.</summary>
    public static Payload PayloadOf(string json) => ToPayload(JsonNode.Parse(json)!.AsObject());

    private static Payload ToPayload(JsonObject o) =>
        new(o.ToDictionary(p => p.Key, p => ToValue(p.Value), StringComparer.Ordinal));

    private static object? ToValue(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => ToPayload(o),
        JsonArray a => a.Select(ToValue).ToArray(),
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<long>(out var l) => l,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<double>(out var d) => d,
        _ => null,
    };

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
