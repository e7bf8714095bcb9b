using Arrakis.Infrastructure.Messaging;
using Arrakis.Infrastructure.Messaging.Wire;
using Arrakis.Testing;
using RabbitMQ.Client;

namespace Arrakis.Infrastructure.Tests.Messaging;

public sealed class ConsumerOptionsTests
{
    [Fact]
    public void RetryDelays_Default_IsTheExponentialSchedule()
    {
        var options = new ConsumerOptions();

        Assert.Equal([1, 5, 30, 120, 600], options.RetryDelays.Select(d => (int)d.TotalSeconds));
        Assert.Equal(6, options.MaxAttempts);
        Assert.Empty(options.Validate(new(options)));
    }

    [Theory]
    [InlineData("1000,abc")]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData(",")]
    [InlineData("99999999999")]
    public void RetryDelays_Unreadable_IsReportedByItsVariable(string value)
    {
        var options = new ConsumerOptions { RetryDelaysMs = value };

        var problem = Assert.Single(options.Validate(new(options)));
        Assert.Equal([nameof(ConsumerOptions.RetryDelaysMs)], problem.MemberNames);
    }

    [Theory]
    [InlineData(100, 0, 100)]
    [InlineData(100, 30, 30)]
    [InlineData(10, 500, 10)]
    public void Concurrency_DefaultsToThePrefetch_AndNeverExceedsIt(int prefetch, int concurrency, int expected) =>
        Assert.Equal(expected, ConsumedQueue.Of("q", (ushort)prefetch, concurrency).Concurrency);

    [Fact]
    public void RetryQueues_AreNamedUnderArrakis_AndLeadBackToTheirQueue()
    {
        Assert.Equal("arrakis.retry.interactions.5000", RetryQueues.Name("arrakis.interactions", TimeSpan.FromSeconds(5)));
        Assert.Equal("arrakis.retry.custom.100", RetryQueues.Name("custom", TimeSpan.FromMilliseconds(100)));
        var arguments = RetryQueues.Arguments("arrakis.events.guild", TimeSpan.FromSeconds(30));
        Assert.Equal(30_000L, arguments["x-message-ttl"]);
        Assert.Equal("", arguments["x-dead-letter-exchange"]);
        Assert.Equal("arrakis.events.guild", arguments["x-dead-letter-routing-key"]);
    }

    [Theory]
    [InlineData(null, 1)]
    [InlineData(3, 3)]
    [InlineData(4L, 4)]
    [InlineData("5", 5)]
    [InlineData("junk", 1)]
    [InlineData(0, 1)]
    public void AttemptHeader_IsReadWhateverTypeTheBrokerReturns(object? value, int expected)
    {
        var properties = new BasicProperties { Headers = new Dictionary<string, object?>() };
        if (value is not null)
        {
            properties.Headers[RetryQueues.AttemptHeader] = value is string text ? System.Text.Encoding.UTF8.GetBytes(text) : value;
        }

        Assert.Equal(expected, MessageProcessor.AttemptOf(properties));
    }

    [Theory]
    [InlineData("guild.create", "guild.join")]
    [InlineData("guild.delete", "guild.leave")]
    public void WireReader_AcceptsTheOlderGuildEventNames(string wireName, string contractName)
    {
        var sample = WireFixture.Load(contractName);
        sample.Body["eventType"] = wireName;

        Assert.Equal(contractName, WireMessageReader.Read(sample.BodyBytes, 256 * 1024).GuildEvent?.EventType);
    }

    [Fact]
    public void WireReader_RejectsAnEventTypeOutsideTheContract()
    {
        var sample = WireFixture.Load("member.join");
        sample.Body["eventType"] = "member.teleport";

        var read = WireMessageReader.Read(sample.BodyBytes, 256 * 1024);

        Assert.Equal("contract", read.FailureCode);
    }
}
