using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Testing;
using Arrakis.Worker.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Arrakis.EndToEnd.Tests.Messaging;

/// <summary>The worker host, both consumers, and every message the ingestor publishes, read into its input.</summary>
public sealed class WireSamplesTests(IsolatedBroker broker, IsolatedRedis redis)
    : IClassFixture<IsolatedBroker>, IClassFixture<IsolatedRedis>
{
    [Fact]
    public async Task EverySample_IsReadIntoItsInput_OnItsQueue_AndGuildCreateIsAGuildJoin()
    {
        var dispatcher = new RecordingDispatcher();
        var app = WorkerHost.Build([], WorkerUnderTest.Settings(broker, redis), builder =>
        {
            builder.Logging.AddFakeLogging();
            builder.Services.AddSingleton<IMessageDispatcher>(dispatcher);
        });
        await app.StartAsync();
        try
        {
            var health = app.Services.GetRequiredService<HealthCheckService>();
            Assert.True(await Eventually.TrueAsync(async () => (await health.CheckHealthAsync(c => c.Tags.Contains("ready"))).Entries["rabbitmq"].Status == HealthStatus.Healthy));

            // message.create is bound to no queue (CONTRACT.md): nothing to consume.
            var samples = WireFixture.Names.Where(n => n != "message.create").Select(n => WireFixture.Load(n).Fresh()).ToList();
            var guildCreate = WireFixture.Load("guild.join").Fresh();
            guildCreate.Body["eventType"] = "guild.create";
            var guildDelete = WireFixture.Load("guild.leave").Fresh();
            guildDelete.Body["eventType"] = "guild.delete";
            foreach (var sample in samples.Append(guildCreate).Append(guildDelete))
            {
                await IngestorPublisher.PublishAsync(broker.Connection, sample);
            }

            Assert.True(await Eventually.TrueAsync(() => dispatcher.Inputs.Count == samples.Count + 2),
                $"{dispatcher.Inputs.Count} of {samples.Count + 2} read; missing: " + string.Join(", ", samples.Where(s => !dispatcher.Inputs.ContainsKey(s.EventId)).Select(s => s.Name)));
            foreach (var sample in samples)
            {
                var input = dispatcher.Inputs[sample.EventId];
                Assert.IsType(sample.Name.StartsWith("interaction.", StringComparison.Ordinal) ? typeof(InteractionInput) : typeof(GuildEventInput), input);
            }

            Assert.Equal("guild.join", Assert.IsType<GuildEventInput>(dispatcher.Inputs[guildCreate.EventId]).EventType);
            Assert.Equal("guild.leave", Assert.IsType<GuildEventInput>(dispatcher.Inputs[guildDelete.EventId]).EventType);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        Assert.Equal(0u, await broker.MessageCountAsync("arrakis.dlq"));
        Assert.Equal(0u, await broker.MessageCountAsync("arrakis.interactions"));
        Assert.Equal(0u, await broker.MessageCountAsync("arrakis.events.guild"));
    }
}
