using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Infrastructure.Messaging;
using Arrakis.Testing;
using static Arrakis.Infrastructure.Tests.Messaging.BrokerAssertions;

namespace Arrakis.Infrastructure.Tests.Messaging;

/// <summary>Acknowledge, retry later through the delay queues, or dead-letter with headers that say why.</summary>
public sealed class OutcomeTests(IsolatedBroker broker) : IClassFixture<IsolatedBroker>, IAsyncLifetime
{
    private readonly ScriptedDispatcher _dispatcher = new();
    private MessagingHarness? _harness;

    public async ValueTask InitializeAsync() => _harness = await MessagingHarness.StartAsync(MessagingHarness.Settings(broker), _dispatcher);

    public async ValueTask DisposeAsync() => await _harness!.DisposeAsync();

    [Fact]
    public async Task TransientFailure_IsRetriedWithBackoffAndAnAttemptCount_UntilItSucceeds()
    {
        _dispatcher.Handle = (call, _) => Task.FromResult(call.Attempt < 3 ? Result.Transient("redis-unavailable", "Redis did not answer.") : Result.Success);

        var sample = await broker.PublishAsync("member.join");

        Assert.True(await Eventually.TrueAsync(() => _dispatcher.Completed.ContainsKey(sample.EventId)), "Never succeeded.");
        var calls = _dispatcher.Calls.Where(c => c.EventId == sample.EventId).ToList();
        Assert.Equal([1, 2, 3], calls.Select(c => c.Attempt));
        // Each retry waited at least its delay (200 ms, then 400 ms): no hot loop.
        Assert.True(calls[1].At - calls[0].At >= TimeSpan.FromMilliseconds(180), $"first retry after {(calls[1].At - calls[0].At).TotalMilliseconds} ms");
        Assert.True(calls[2].At - calls[1].At >= TimeSpan.FromMilliseconds(380), $"second retry after {(calls[2].At - calls[1].At).TotalMilliseconds} ms");
        Assert.NotNull(await broker.MessageCountAsync("arrakis.retry.events.guild.200"));
        Assert.NotNull(await broker.MessageCountAsync("arrakis.retry.interactions.400"));
        await AssertSettledAsync(Events);
        Assert.Equal(0u, await broker.MessageCountAsync(DeadLetters));
    }

    [Fact]
    public async Task TransientFailure_AfterTheLastAttempt_IsDeadLetteredWithWhy()
    {
        _dispatcher.Handle = (call, _) => throw new TimeoutException("Discord answered 503 three times.");

        var sample = await broker.PublishAsync("member.update");

        Assert.True(await Eventually.TrueAsync(async () => await broker.MessageCountAsync(DeadLetters) == 1), "Not dead-lettered.");
        Assert.Equal([1, 2, 3], _dispatcher.Calls.Where(c => c.EventId == sample.EventId).Select(c => c.Attempt));
        var dead = Assert.Single(await broker.DrainAsync(DeadLetters));
        Assert.Equal(sample.EventId, dead.BasicProperties.MessageId);
        Assert.Equal("exception", dead.BasicProperties.Text(DeadLetterHeaders.Reason));
        Assert.Equal("Discord answered 503 three times.", dead.BasicProperties.Text(DeadLetterHeaders.Error));
        Assert.Equal(typeof(TimeoutException).FullName, dead.BasicProperties.Text(DeadLetterHeaders.ExceptionType));
        Assert.Equal("3", dead.BasicProperties.Text(DeadLetterHeaders.Attempts));
        Assert.Equal(Events, dead.BasicProperties.Text(DeadLetterHeaders.OriginalQueue));
        Assert.Equal("member.update", dead.BasicProperties.Text(DeadLetterHeaders.OriginalRoutingKey));
        Assert.True(DateTimeOffset.TryParse(dead.BasicProperties.Text(DeadLetterHeaders.FailedAt), System.Globalization.CultureInfo.InvariantCulture, out _));
        Assert.Equal(sample.Body.ToJsonString(), System.Text.Encoding.UTF8.GetString(dead.Body.Span));
        await AssertSettledAsync(Events);
    }

    [Fact]
    public async Task PermanentFailure_IsDeadLetteredAtOnce()
    {
        _dispatcher.Handle = (_, _) => Task.FromResult(Result.Permanent("missing-permissions", "Discord refused: Missing Permissions."));

        var sample = await broker.PublishAsync("interaction.button");

        Assert.True(await Eventually.TrueAsync(async () => await broker.MessageCountAsync(DeadLetters) == 1), "Not dead-lettered.");
        Assert.Equal(1, _dispatcher.CallsFor(sample.EventId));
        var dead = Assert.Single(await broker.DrainAsync(DeadLetters));
        Assert.Equal("missing-permissions", dead.BasicProperties.Text(DeadLetterHeaders.Reason));
        Assert.Equal("1", dead.BasicProperties.Text(DeadLetterHeaders.Attempts));
        Assert.Equal(Interactions, dead.BasicProperties.Text(DeadLetterHeaders.OriginalQueue));
        Assert.Equal("interaction.button", dead.BasicProperties.Text(DeadLetterHeaders.OriginalRoutingKey));
        Assert.Null(dead.BasicProperties.Text(DeadLetterHeaders.ExceptionType));
        // The ingestor's priority survives, so an operator can replay it as it was.
        Assert.Equal(8, dead.BasicProperties.Priority);
        await AssertSettledAsync(Interactions);
    }

    [Fact]
    public async Task FailureMessageCarryingTheInteractionToken_ReachesNeitherHeadersNorLogs()
    {
        _dispatcher.Handle = (call, _) => Task.FromResult(Result.Permanent("http", $"POST /webhooks/1/{call.Interaction!.Token.Reveal()} failed"));

        var sample = await broker.PublishAsync("interaction.modal");

        Assert.True(await Eventually.TrueAsync(async () => await broker.MessageCountAsync(DeadLetters) == 1), "Not dead-lettered.");
        var token = sample.Body["interactionToken"]!.GetValue<string>();
        var dead = Assert.Single(await broker.DrainAsync(DeadLetters));
        Assert.Equal("POST /webhooks/1/[redacted] failed", dead.BasicProperties.Text(DeadLetterHeaders.Error));
        Assert.DoesNotContain(_harness!.Logs.GetSnapshot(), r => r.Message.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Success_IsAcknowledgedOnceWithTheFirstAttempt()
    {
        var sample = await broker.PublishAsync("guild.join");

        Assert.True(await Eventually.TrueAsync(() => _dispatcher.Completed.ContainsKey(sample.EventId)));
        Assert.Equal(1, Assert.Single(_dispatcher.Calls, c => c.EventId == sample.EventId).Attempt);
        await AssertSettledAsync(Events);
        Assert.Equal(0u, await broker.MessageCountAsync(DeadLetters));
    }

    // Nothing ready and nothing unacknowledged: the message was settled, not left on the broker.
    private async Task AssertSettledAsync(string queue) =>
        Assert.True(await Eventually.TrueAsync(async () =>
            (await broker.Management.GetQueueAsync(broker.Vhost, queue))?["messages"]?.GetValue<long>() == 0, TimeSpan.FromSeconds(10)),
            $"{queue} still holds messages.");
}
