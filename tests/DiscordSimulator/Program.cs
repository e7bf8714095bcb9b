using System.Globalization;
using System.Runtime.InteropServices;
using Arrakis.DiscordSimulator;

// dotnet run --project tests/DiscordSimulator -- --port 5080 [--global-limit 50] [--bucket-limit 50] [--log-requests]
var options = new SimulatorOptions { Port = 5080 };
var logRequests = false;
var rest = new Queue<string>(args);
while (rest.TryDequeue(out var name))
{
    if (name == "--log-requests")
    {
        logRequests = true;
        continue;
    }

    if (!rest.TryDequeue(out var text) || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
    {
        await Console.Error.WriteLineAsync($"{name} needs a number");
        return 2;
    }

    switch (name)
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
            await Console.Error.WriteLineAsync("Unknown option " + name);
            return 2;
    }
}

await using var simulator = await SimulatorHost.StartAsync(options, logToConsole: false);
Console.WriteLine($"Discord simulator on {simulator.ApiBaseUrl} (set DISCORD_API_BASE_URL to it); spec: {simulator.SpecSource}");
Console.WriteLine($"Statistics: {simulator.Root}_simulator/statistics  Requests: {simulator.Root}_simulator/requests");
var stop = new TaskCompletionSource();
// Ctrl+C, and SIGTERM from build/run.sh: the web host inside cancels the default termination, so stop here.
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
if (logRequests)
{
    _ = LogRequestsAsync(simulator, stop.Task);
}

await stop.Task;
return 0;

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.TrySetResult();
}

// One line per answered request for build/run.sh: method, route name and status, never the path (tokens live there).
static async Task LogRequestsAsync(SimulatorHost simulator, Task stopped)
{
    var seen = 0L;
    while (!stopped.IsCompleted)
    {
        foreach (var request in simulator.Requests.Where(r => r.Sequence > seen).OrderBy(r => r.Sequence))
        {
            if (request.Status == 0)
            {
                break; // still being answered: printed, in order, next time
            }

            seen = request.Sequence;
            var latency = request.CallbackLatencyMs is { } ms ? $" ({ms:F0} ms after the interaction's creation)" : "";
            Console.WriteLine($"{request.ReceivedAt:HH:mm:ss.fff} {request.Method} {request.Route ?? "unknown route"} -> {request.Status}{latency}");
        }

        await Task.WhenAny(stopped, Task.Delay(200));
    }
}
