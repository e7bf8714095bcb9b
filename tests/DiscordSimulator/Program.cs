using System.Globalization;
using Arrakis.DiscordSimulator;

// dotnet run --project tests/DiscordSimulator -- --port 5080 [--global-limit 50] [--bucket-limit 50]
var options = new SimulatorOptions { Port = 5080 };
for (var i = 0; i + 1 < args.Length; i += 2)
{
    var value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
    switch (args[i])
    {
        case "--port":
            options.Port = value;
            break;
        case "--global-limit":
            options.GlobalLimit = value;
            break;
        case "--bucket-limit":
            options.DefaultLimit = new BucketLimit(value, TimeSpan.FromSeconds(1));
            break;
        default:
            await Console.Error.WriteLineAsync("Unknown option " + args[i]);
            return 2;
    }
}

await using var simulator = await SimulatorHost.StartAsync(options, logToConsole: false);
Console.WriteLine($"Discord simulator on {simulator.ApiBaseUrl} (set DISCORD_API_BASE_URL to it); spec: {simulator.SpecSource}");
Console.WriteLine($"Statistics: {simulator.Root}_simulator/statistics  Requests: {simulator.Root}_simulator/requests");
var stop = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.TrySetResult();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.TrySetResult();
await stop.Task;
return 0;
