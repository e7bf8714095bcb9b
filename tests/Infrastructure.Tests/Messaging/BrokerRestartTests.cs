using System.Diagnostics;
using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Testing;
using static Arrakis.Infrastructure.Tests.Messaging.BrokerAssertions;

namespace Arrakis.Infrastructure.Tests.Messaging;

/// <summary>The broker restarts in the middle of a stream: the worker comes back by itself, loses nothing, finishes nothing twice.</summary>
[Trait("Category", "Disruptive")]
public sealed class BrokerRestartTests(IsolatedBroker broker) : IClassFixture<IsolatedBroker>
{
    [Fact]
    public async Task BrokerRestartMidStream_EveryMessageIsHandledExactlyOnce()
    {
        const int total = 1000;
        var dispatcher = new ScriptedDispatcher
        {
            Handle = async (_, token) =>
            {
                await Task.Delay(50, token);
                return Result.Success;
            },
        };
        var settings = MessagingHarness.Settings(broker);
        settings["EVENT_PREFETCH"] = "10";
        await using var harness = await MessagingHarness.StartAsync(settings, dispatcher);
        var ids = await broker.Connection.PublishManyAsync("member.join", total);
        Assert.True(await Eventually.TrueAsync(() => dispatcher.Completed.Count >= 200), "The stream did not start.");

        var handledBeforeStop = dispatcher.Completed.Count;
        var stop = Stopwatch.StartNew();
        await RabbitMqCtlAsync("stop_app");
        TestContext.Current.SendDiagnosticMessage($"stop_app took {stop.ElapsedMilliseconds} ms; {dispatcher.Completed.Count} handled by then.");
        await RabbitMqCtlAsync("start_app");
        var back = Stopwatch.StartNew();

        Assert.True(await Eventually.TrueAsync(() => harness.States.AllConsuming, TimeSpan.FromSeconds(30)), "The consumers did not come back.");
        TestContext.Current.SendDiagnosticMessage($"Consumers back {back.ElapsedMilliseconds} ms after start_app returned.");
        Assert.True(handledBeforeStop < total, "The stream ended before the restart; the test proves nothing.");
        Assert.True(await Eventually.TrueAsync(() => dispatcher.Completed.Count == total, TimeSpan.FromSeconds(60)), $"{dispatcher.Completed.Count} of {total} handled.");
        Assert.True(harness.Logged("Lost the consumer of " + Events));

        var twice = ids.Where(id => dispatcher.Completed.GetValueOrDefault(id) != 1).ToList();
        Assert.True(twice.Count == 0, $"{twice.Count} message(s) were not handled exactly once.");
        Assert.True(await Eventually.TrueAsync(async () =>
            (await broker.Management.GetQueueAsync(broker.Vhost, Events))?["messages"]?.GetValue<long>() == 0, TimeSpan.FromSeconds(30)), "Messages left on the broker.");
        Assert.Equal(0L, (await broker.Management.GetQueueAsync(broker.Vhost, DeadLetters))?["messages"]?.GetValue<long>());
    }

    private static async Task RabbitMqCtlAsync(string command)
    {
        using var process = Process.Start(new ProcessStartInfo("rabbitmqctl", ["-n", "rabbit@localhost", command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"rabbitmqctl {command} failed: {await process.StandardError.ReadToEndAsync()}");
    }
}
