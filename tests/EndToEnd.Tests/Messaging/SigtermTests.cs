using System.Diagnostics;
using Arrakis.Testing;
using RabbitMQ.Client;

namespace Arrakis.EndToEnd.Tests.Messaging;

/// <summary>The worker as ECS runs it: its own process, stopped with SIGTERM in the middle of a stream.</summary>
public sealed class SigtermTests(IsolatedBroker broker, IsolatedRedis redis)
    : IClassFixture<IsolatedBroker>, IClassFixture<IsolatedRedis>
{
    private const int Total = 4000;

    [Fact]
    public async Task SigtermMidStream_ExitsZero_AndEveryMessageIsHandledOrStillQueued()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Skip("SIGTERM is sent with kill(1).");
        }

        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Arrakis.Worker.dll")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in WorkerUnderTest.Settings(broker, redis))
        {
            start.Environment[key] = value;
        }

        start.Environment["LOG_LEVEL"] = "info";
        start.Environment["NODE_ENV"] = "development";
        using var worker = Process.Start(start)!;
        var handled = 0;
        var consuming = 0;
        worker.OutputDataReceived += (_, line) =>
        {
            // The outcome line (ADR 0041), one per settled message at info.
            if (line.Data?.Contains("handled on attempt", StringComparison.Ordinal) == true)
            {
                Interlocked.Increment(ref handled);
            }
            else if (line.Data?.Contains("Consuming arrakis.", StringComparison.Ordinal) == true)
            {
                Interlocked.Increment(ref consuming);
            }
        };
        worker.BeginOutputReadLine();
        worker.BeginErrorReadLine();
        try
        {
            Assert.True(await Eventually.TrueAsync(() => Volatile.Read(ref consuming) == 2, TimeSpan.FromSeconds(30)), "The worker did not start consuming.");
            // SIGTERM lands while the stream is still being published and consumed.
            var publishing = PublishAsync();
            Assert.True(await Eventually.TrueAsync(() => Volatile.Read(ref handled) >= 50), "Nothing was handled.");

            using (var kill = Process.Start("kill", ["-TERM", worker.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(40));
            await worker.WaitForExitAsync(timeout.Token);
            await publishing;
        }
        finally
        {
            if (!worker.HasExited)
            {
                worker.Kill();
            }
        }

        Assert.Equal(0, worker.ExitCode);
        var left = await broker.MessageCountAsync("arrakis.events.guild");
        Assert.True(left > 0, "The stream ended before SIGTERM; the test proves nothing.");
        Assert.Equal((uint)Total, (uint)Volatile.Read(ref handled) + left);
        Assert.Equal(0u, await broker.MessageCountAsync("arrakis.dlq"));
    }

    private async Task PublishAsync()
    {
        await using var channel = await broker.Connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var pending = new List<Task>(Total);
        for (var i = 0; i < Total; i++)
        {
            var sample = WireFixture.Load("member.join").Fresh();
            pending.Add(IngestorPublisher.PublishAsync(channel, sample.RoutingKey, sample.Properties, sample.BodyBytes));
        }

        await Task.WhenAll(pending);
    }
}
