using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Infrastructure.Messaging;
using Arrakis.Testing;
using static Arrakis.Infrastructure.Tests.Messaging.BrokerAssertions;

namespace Arrakis.Infrastructure.Tests.Messaging;

/// <summary>PROCESSING_TIMEOUT_MS cancels a handler that runs too long, and the message is retried later.</summary>
public sealed class TimeoutTests(IsolatedBroker broker) : IClassFixture<IsolatedBroker>, IAsyncLifetime
{
    private readonly ScriptedDispatcher _dispatcher = new();
    private MessagingHarness? _harness;

    public async ValueTask InitializeAsync()
    {
        var settings = MessagingHarness.Settings(broker);
        settings["PROCESSING_TIMEOUT_MS"] = "300";
        _harness = await MessagingHarness.StartAsync(settings, _dispatcher);
    }

    public async ValueTask DisposeAsync() => await _harness!.DisposeAsync();

    [Fact]
    public async Task HandlerThatRunsTooLong_IsCancelled_AndTheMessageRetried()
    {
        var cancelled = new TaskCompletionSource();
        _dispatcher.Handle = async (call, token) =>
        {
            if (call.Attempt == 1)
            {
                token.Register(() => cancelled.TrySetResult());
                await Task.Delay(Timeout.Infinite, token);
            }

            return Result.Success;
        };

        var sample = await broker.PublishAsync("member.join");

        Assert.True(await Eventually.TrueAsync(() => _dispatcher.Completed.ContainsKey(sample.EventId)), "Never completed.");
        Assert.True(cancelled.Task.IsCompleted, "The handler's token was not cancelled.");
        Assert.Equal([1, 2], _dispatcher.Calls.Where(c => c.EventId == sample.EventId).Select(c => c.Attempt));
        Assert.Equal(0u, await broker.MessageCountAsync(DeadLetters));
    }

    [Fact]
    public async Task HandlerThatIgnoresItsToken_StillTimesOut_AndEndsInTheDeadLetterQueue()
    {
        _dispatcher.Handle = async (_, _) =>
        {
            await Task.Delay(2000, CancellationToken.None);
            return Result.Success;
        };

        var sample = await broker.PublishAsync("guild.leave");

        Assert.True(await Eventually.TrueAsync(async () => await broker.MessageCountAsync(DeadLetters) == 1), "Not dead-lettered.");
        var dead = Assert.Single(await broker.DrainAsync(DeadLetters));
        Assert.Equal("timeout", dead.BasicProperties.Text(DeadLetterHeaders.Reason));
        Assert.Equal("3", dead.BasicProperties.Text(DeadLetterHeaders.Attempts));
        Assert.Equal(3, _dispatcher.CallsFor(sample.EventId));
    }
}
