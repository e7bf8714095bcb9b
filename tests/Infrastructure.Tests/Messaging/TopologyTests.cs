using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Testing;
using RabbitMQ.Client;
using static Arrakis.Infrastructure.Tests.Messaging.BrokerAssertions;

namespace Arrakis.Infrastructure.Tests.Messaging;

/// <summary>What every topology variant must do: consume both queues, handle, and dead-letter into arrakis.dlq.</summary>
internal static class TopologyScenario
{
    public static async Task<MessagingHarness> ConsumesBothQueuesAndDeadLettersAsync(IsolatedBroker broker)
    {
        var dispatcher = new ScriptedDispatcher
        {
            Handle = (call, _) => Task.FromResult(call.EventType == "member.leave" ? Result.Permanent("refused", "No.") : Result.Success),
        };
        var harness = await MessagingHarness.StartAsync(MessagingHarness.Settings(broker), dispatcher);

        var join = await broker.PublishAsync("member.join");
        var command = await broker.PublishAsync("interaction.command.verify");
        var leave = await broker.PublishAsync("member.leave");

        Assert.True(await Eventually.TrueAsync(() => dispatcher.Completed.ContainsKey(join.EventId) && dispatcher.Completed.ContainsKey(command.EventId)), "Not handled.");
        Assert.True(await Eventually.TrueAsync(async () => await broker.MessageCountAsync(DeadLetters) == 1), "Not dead-lettered.");
        Assert.Equal(leave.EventId, Assert.Single(await broker.DrainAsync(DeadLetters)).BasicProperties.MessageId);
        Assert.True(harness.States.AllConsuming);
        return harness;
    }

    public static async Task DeclareExchangesAsync(IChannel channel)
    {
        await channel.ExchangeDeclareAsync("arrakis.events", ExchangeType.Topic, durable: true);
        await channel.ExchangeDeclareAsync("arrakis.dlx", ExchangeType.Direct, durable: true);
    }

    public static async Task BindAsync(IChannel channel)
    {
        await channel.QueueBindAsync(Interactions, "arrakis.events", "interaction.#");
        await channel.QueueBindAsync(Events, "arrakis.events", "member.#");
        await channel.QueueBindAsync(Events, "arrakis.events", "guild.#");
        await channel.QueueBindAsync(DeadLetters, "arrakis.dlx", "dead");
    }

    public static async Task<string?> ArgumentAsync(IsolatedBroker broker, string queue, string name) =>
        (await broker.Management.GetQueueAsync(broker.Vhost, queue))?["arguments"]?[name]?.ToString();
}

/// <summary>(a) An empty broker: the worker declares the contract topology and its own delay queues.</summary>
public sealed class EmptyBrokerTopologyTests(IsolatedBroker broker) : IClassFixture<IsolatedBroker>
{
    [Fact]
    public async Task EmptyBroker_GetsTheContractTopology_AndIsConsumed()
    {
        await using var harness = await TopologyScenario.ConsumesBothQueuesAndDeadLettersAsync(broker);

        Assert.Equal("10", await TopologyScenario.ArgumentAsync(broker, Interactions, "x-max-priority"));
        Assert.Equal("arrakis.dlx", await TopologyScenario.ArgumentAsync(broker, Events, "x-dead-letter-exchange"));
        Assert.Equal("604800000", await TopologyScenario.ArgumentAsync(broker, DeadLetters, "x-message-ttl"));
        Assert.Equal("200", await TopologyScenario.ArgumentAsync(broker, "arrakis.retry.interactions.200", "x-message-ttl"));
        Assert.Equal(Events, await TopologyScenario.ArgumentAsync(broker, "arrakis.retry.events.guild.400", "x-dead-letter-routing-key"));
        Assert.False(harness.Logged("exists with other arguments"));
    }
}

/// <summary>(b) Queues that carry dead-lettering as queue arguments, as one production deployment declares them.</summary>
public sealed class ArgumentTopologyTests(IsolatedBroker broker) : IClassFixture<IsolatedBroker>
{
    [Fact]
    public async Task QueuesWithDeadLetterArguments_AreUsedAsTheyAre()
    {
        await using (var channel = await broker.Connection.CreateChannelAsync())
        {
            await TopologyScenario.DeclareExchangesAsync(channel);
            var deadLettering = new Dictionary<string, object?> { ["x-dead-letter-exchange"] = "arrakis.dlx", ["x-dead-letter-routing-key"] = "dead" };
            await channel.QueueDeclareAsync(DeadLetters, durable: true, exclusive: false, autoDelete: false, new Dictionary<string, object?> { ["x-message-ttl"] = 604800000 });
            await channel.QueueDeclareAsync(Interactions, durable: true, exclusive: false, autoDelete: false, new Dictionary<string, object?>(deadLettering) { ["x-max-priority"] = 10 });
            await channel.QueueDeclareAsync(Events, durable: true, exclusive: false, autoDelete: false, deadLettering);
            await TopologyScenario.BindAsync(channel);
        }

        await using var harness = await TopologyScenario.ConsumesBothQueuesAndDeadLettersAsync(broker);

        Assert.False(harness.Logged("exists with other arguments"));
    }
}

/// <summary>(c) Queues declared with only x-queue-type (+ priority), dead-lettering from a broker policy; one queue with arguments of its own.</summary>
public sealed class PolicyTopologyTests(IsolatedBroker broker) : IClassFixture<IsolatedBroker>
{
    [Fact]
    public async Task QueuesWithPolicyDeadLettering_AreUsedAsTheyAre_WithOneWarningEach_AndNothingFailsTheWorker()
    {
        await broker.Management.SetPolicyAsync(broker.Vhost, "dead-lettering", "^arrakis\\.(interactions|events\\.guild)$",
            new Dictionary<string, object> { ["dead-letter-exchange"] = "arrakis.dlx", ["dead-letter-routing-key"] = "dead" });
        await broker.Management.SetPolicyAsync(broker.Vhost, "dlq-ttl", "^arrakis\\.dlq$", new Dictionary<string, object> { ["message-ttl"] = 604800000 });
        await using (var channel = await broker.Connection.CreateChannelAsync())
        {
            await TopologyScenario.DeclareExchangesAsync(channel);
            var classic = new Dictionary<string, object?> { ["x-queue-type"] = "classic" };
            await channel.QueueDeclareAsync(DeadLetters, durable: true, exclusive: false, autoDelete: false, classic);
            await channel.QueueDeclareAsync(Interactions, durable: true, exclusive: false, autoDelete: false, new Dictionary<string, object?>(classic) { ["x-max-priority"] = 10 });
            // Arguments the contract never mentions: still the queue to consume.
            await channel.QueueDeclareAsync(Events, durable: true, exclusive: false, autoDelete: false, new Dictionary<string, object?>(classic) { ["x-max-length"] = 100_000 });
            await TopologyScenario.BindAsync(channel);
        }

        await using var harness = await TopologyScenario.ConsumesBothQueuesAndDeadLettersAsync(broker);

        var warnings = harness.Logs.GetSnapshot().Where(r => r.Message.Contains("exists with other arguments", StringComparison.Ordinal)).ToList();
        Assert.Contains(warnings, w => w.Message.Contains(Events, StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Message.Contains(Interactions + " ", StringComparison.Ordinal));
        Assert.Equal(warnings.Count, warnings.Select(w => w.Message).Distinct(StringComparer.Ordinal).Count());
        // Untouched: the worker neither deleted nor re-declared them.
        Assert.Equal("100000", await TopologyScenario.ArgumentAsync(broker, Events, "x-max-length"));
        Assert.Null(await TopologyScenario.ArgumentAsync(broker, Events, "x-dead-letter-exchange"));
    }
}
