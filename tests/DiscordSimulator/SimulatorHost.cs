using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Arrakis.DiscordSimulator;

/// <summary>The simulator on real Kestrel at 127.0.0.1, in process: its base URL, request log and statistics.</summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    private static readonly JsonSerializerOptions ReportJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly WebApplication _app;
    private readonly SimulatedDiscord _discord;

    private SimulatorHost(WebApplication app, SimulatedDiscord discord, SimulatorOptions options, Uri root)
    {
        _app = app;
        _discord = discord;
        Options = options;
        Root = root;
    }

    public SimulatorOptions Options { get; }

    /// <summary>http://127.0.0.1:port</summary>
    public Uri Root { get; }

    /// <summary>What DISCORD_API_BASE_URL should be: the client appends /v10/….</summary>
    public string ApiBaseUrl => new Uri(Root, "api").ToString();

    public IReadOnlyList<SimulatorRequest> Requests => _discord.Requests;

    public SimulatorStatistics Statistics => SimulatorStatistics.From(_discord.Requests);

    /// <summary>Where the OpenAPI description used for validation came from.</summary>
    public string SpecSource => _discord.SpecSource;

    public static async Task<SimulatorHost> StartAsync(SimulatorOptions? options = null, bool logToConsole = false, CancellationToken cancellationToken = default)
    {
        options ??= new SimulatorOptions();
        var description = options.ValidateRequests ? OpenApiDescription.Load(options.SpecPath) : null;
        var discord = new SimulatedDiscord(options, description);

        var builder = WebApplication.CreateSlimBuilder();
        if (!logToConsole)
        {
            builder.Logging.ClearProviders();
        }

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, options.Port));
        var app = builder.Build();
        app.MapGet("/_simulator/statistics", () => Results.Json(SimulatorStatistics.From(discord.Requests), ReportJson));
        app.MapGet("/_simulator/requests", () => Results.Json(discord.Requests, ReportJson));
        app.MapPost("/_simulator/reset", () => discord.Reset());
        app.Use((context, next) => context.Request.Path.StartsWithSegments("/_simulator") ? next(context) : discord.HandleAsync(context));
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SimulatorHost(app, discord, options, new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal)));
    }

    /// <summary>Scripts the next matching answers (5xx, 429 of any scope, slow answers, changed headers).</summary>
    public void Inject(SimulatorFault fault) => _discord.Inject(fault);

    /// <summary>Forgets the log, the limits' windows, acknowledged interactions and pending faults.</summary>
    public void Reset() => _discord.Reset();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
