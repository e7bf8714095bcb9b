namespace Arrakis.Demo;

/// <summary>What the demo needs, from the variables run.sh exports (the worker's own names where they exist).</summary>
internal sealed record DemoSettings(
    Uri RabbitMqUrl,
    Uri SimulatorRoot,
    string Exchange,
    string InteractionQueue,
    string EventQueue,
    string DeadLetterQueue,
    TimeSpan Timeout)
{
    public static DemoSettings? FromEnvironment(out string problem)
    {
        problem = "";
        if (!Uri.TryCreate(Environment.GetEnvironmentVariable("RABBITMQ_URL"), UriKind.Absolute, out var broker))
        {
            problem = "RABBITMQ_URL is not set to the worker's broker.";
            return null;
        }

        if (!Uri.TryCreate(Environment.GetEnvironmentVariable("DISCORD_SIMULATOR_URL"), UriKind.Absolute, out var simulator)
            || !simulator.IsLoopback)
        {
            // The demo's traffic is fake: it only ever runs against the local simulator.
            problem = "DISCORD_SIMULATOR_URL must be the local Discord simulator (http://127.0.0.1:port/).";
            return null;
        }

        var seconds = int.TryParse(Environment.GetEnvironmentVariable("DEMO_TIMEOUT_SECONDS"), out var s) && s > 0 ? s : 45;
        return new DemoSettings(
            broker,
            simulator,
            Variable("EXCHANGE_NAME", "arrakis.events"),
            Variable("INTERACTION_QUEUE", "arrakis.interactions"),
            Variable("EVENT_QUEUE", "arrakis.events.guild"),
            Variable("DLQ_QUEUE", "arrakis.dlq"),
            TimeSpan.FromSeconds(seconds));
    }

    private static string Variable(string name, string fallback) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : fallback;
}
