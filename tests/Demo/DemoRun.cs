using System.Globalization;
using Arrakis.Testing;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Arrakis.Demo;

/// <summary>
/// The scripted sample: <c>/setup auto-role</c> by an admin, a member joining (who then gets that role), the same
/// member.join again, <c>/verify</c>, and a malformed message; then what the worker did with them.
/// </summary>
internal sealed class DemoRun(DemoSettings settings, TextWriter output)
{
    // A bound per step so one missing answer is reported and the rest still runs; not a speed target.
    private static readonly TimeSpan StepBound = TimeSpan.FromSeconds(15);

    // The worker has settled when nothing new reached Discord and its queues stayed empty this long.
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1.5);

    private readonly List<string> _problems = [];

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = settings.SimulatorRoot, Timeout = TimeSpan.FromSeconds(5) };
        var simulator = new SimulatorCalls(http);
        var before = (await simulator.ReadAsync(cancellationToken)).Select(c => c.Sequence).DefaultIfEmpty(0).Max();
        async Task<IReadOnlyList<SimulatorCall>> CallsAsync() => [.. (await simulator.ReadAsync(cancellationToken)).Where(c => c.Sequence > before)];

        var factory = new ConnectionFactory { Uri = settings.RabbitMqUrl, ClientProvidedName = "arrakis-demo" };
        await using var connection = await factory.CreateConnectionAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        await WaitAsync("the worker to consume its queues", async () =>
            await ConsumersAsync(connection, settings.InteractionQueue, cancellationToken) > 0
            && await ConsumersAsync(connection, settings.EventQueue, cancellationToken) > 0, cancellationToken);

        var setup = LiveSamples.SetupAutoRole();
        await PublishAsync(channel, setup, cancellationToken);
        // member.join reads the auto role /setup stores: /setup has finished once it edited its deferred answer.
        await WaitAsync("the answer to /setup", async () => (await CallsAsync()).Any(c => c.Value("webhook_token") == setup.InteractionToken), cancellationToken);

        var join = LiveSamples.MemberJoin();
        await PublishAsync(channel, join, cancellationToken);
        await WaitAsync("member.join's role", async () => (await CallsAsync()).Any(c => c.Route == "guild.role.add"), cancellationToken);
        var duplicate = LiveSamples.DuplicateOf(join);
        await PublishAsync(channel, duplicate, cancellationToken);

        var verify = LiveSamples.Verify();
        await PublishAsync(channel, verify, cancellationToken);
        var malformed = LiveSamples.Malformed();
        await PublishAsync(channel, malformed, cancellationToken);

        var ours = new HashSet<string>(StringComparer.Ordinal) { setup.EventId, join.EventId, verify.EventId, malformed.EventId };
        var deadLetters = new List<DeadLetter>();
        await WaitAsync("the answer to /verify", async () => (await CallsAsync()).Any(c => c.Value("interaction_id") == verify.InteractionId), cancellationToken);
        await WaitAsync("the malformed message in " + settings.DeadLetterQueue, async () =>
        {
            deadLetters.AddRange(await DeadLetters.TakeAsync(connection, settings.DeadLetterQueue, ours, cancellationToken));
            return deadLetters.Count > 0;
        }, cancellationToken);
        await SettleAsync(connection, CallsAsync, cancellationToken);
        deadLetters.AddRange(await DeadLetters.TakeAsync(connection, settings.DeadLetterQueue, ours, cancellationToken));

        var calls = await CallsAsync();
        Check(calls, deadLetters, setup, verify, malformed);
        Report([setup, join, duplicate, verify, malformed], calls, deadLetters);
        return _problems.Count == 0 ? 0 : 1;
    }

    private void Check(IReadOnlyList<SimulatorCall> calls, List<DeadLetter> deadLetters, DemoMessage setup, DemoMessage verify, DemoMessage malformed)
    {
        Expect(calls.Any(c => c.Value("interaction_id") == setup.InteractionId && c.CallbackType == 5 && Succeeded(c)), "/setup was not deferred (callback type 5)");
        Expect(calls.Any(c => c.Route == "webhook.original.edit" && c.Value("webhook_token") == setup.InteractionToken && Succeeded(c)), "/setup's deferred answer was not edited");
        var roles = calls.Count(c => c.Route == "guild.role.add" && c.Value("role_id") == LiveSamples.AutoRole && Succeeded(c));
        Expect(roles == 1, $"member.join and its duplicate added the auto role {roles} times, not once");
        Expect(calls.Any(c => c.Value("interaction_id") == verify.InteractionId && c.CallbackType == 4 && Succeeded(c)), "/verify got no reply (callback type 4)");
        Expect(deadLetters.Any(d => d.MessageId == malformed.EventId), "the malformed message did not reach " + settings.DeadLetterQueue);
        Expect(deadLetters.All(d => d.MessageId == malformed.EventId), "a well-formed message of the demo was dead-lettered");
        Expect(calls.All(Succeeded), "Discord answered a call with an error");
    }

    private void Report(IReadOnlyList<DemoMessage> published, IReadOnlyList<SimulatorCall> calls, List<DeadLetter> deadLetters)
    {
        Line("");
        Line("published, as the ingestor would: " + string.Join(" · ", published.Select(m => m.Label)));
        Line($"the Discord simulator received {calls.Count} call(s) (what the worker did; method, route, status):");
        foreach (var call in calls)
        {
            var what = call.CallbackType is { } type ? $"  type {type}: {CallbackMeaning(type)}" : "";
            Line($"  {LabelOf(call, published),-18} {call.Method,-6} {call.Route,-22} {call.Status}{what}");
        }

        Line($"{settings.DeadLetterQueue} received {deadLetters.Count} of the demo's messages (taken off the queue):");
        foreach (var letter in deadLetters)
        {
            var error = letter.Error.Length > 90 ? letter.Error[..90] + "…" : letter.Error;
            Line($"  {published.First(m => m.EventId == letter.MessageId).Label,-22} x-arrakis-reason: {letter.Reason}  ({error})");
        }

        Line(_problems.Count == 0
            ? "result: OK (setup deferred and answered, the member got the role once, /verify answered, the malformed message dead-lettered)"
            : "result: FAILED: " + string.Join("; ", _problems));
    }

    private static string LabelOf(SimulatorCall call, IReadOnlyList<DemoMessage> published) =>
        published.FirstOrDefault(m => m.InteractionId is not null && (m.InteractionId == call.Value("interaction_id") || m.InteractionToken == call.Value("webhook_token")))?.Label
        ?? (call.Value("guild_id") is not null || call.Route.StartsWith("user.", StringComparison.Ordinal) ? "member.join" : "");

    private static string CallbackMeaning(int type) => type switch
    {
        4 => "reply",
        5 => "deferred reply",
        6 => "deferred update",
        7 => "update",
        8 => "autocomplete choices",
        9 => "modal",
        _ => "other",
    };

    private static bool Succeeded(SimulatorCall call) => call.Status is >= 200 and < 300;

    private async Task PublishAsync(IChannel channel, DemoMessage message, CancellationToken cancellationToken)
    {
        await IngestorPublisher.PublishAsync(channel, message.RoutingKey, message.Properties, message.Body, settings.Exchange);
        Line($"published {message.Label} ({message.RoutingKey}, event {message.EventId[..8]}…)");
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>Waits until no new call reached the simulator and the worker's queues and retry queues held nothing ready for <see cref="Quiet"/>.</summary>
    private async Task SettleAsync(IConnection connection, Func<Task<IReadOnlyList<SimulatorCall>>> calls, CancellationToken cancellationToken)
    {
        var queues = new List<string> { settings.InteractionQueue, settings.EventQueue };
        foreach (var delay in RetryDelays())
        {
            queues.Add(RetryQueueName(settings.InteractionQueue, delay));
            queues.Add(RetryQueueName(settings.EventQueue, delay));
        }

        var seen = -1;
        var quietSince = DateTime.UtcNow;
        await WaitAsync("the worker to settle", async () =>
        {
            var count = (await calls()).Count;
            var ready = 0L;
            foreach (var queue in queues)
            {
                ready += await ReadyAsync(connection, queue, cancellationToken);
            }

            if (count != seen || ready > 0)
            {
                seen = count;
                quietSince = DateTime.UtcNow;
            }

            return DateTime.UtcNow - quietSince >= Quiet;
        }, cancellationToken);
    }

    // The worker's own naming (docs/adr/0012): arrakis.retry.<queue without "arrakis.">.<delay ms>.
    private static string RetryQueueName(string queue, long delayMs) =>
        $"arrakis.retry.{(queue.StartsWith("arrakis.", StringComparison.Ordinal) ? queue["arrakis.".Length..] : queue)}.{delayMs}";

    private static IEnumerable<long> RetryDelays() =>
        (Environment.GetEnvironmentVariable("RETRY_DELAYS_MS") is { Length: > 0 } value ? value : "1000,5000,30000,120000,600000")
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(d => long.Parse(d, CultureInfo.InvariantCulture));

    private static async Task<long> ReadyAsync(IConnection connection, string queue, CancellationToken cancellationToken) =>
        (await DeclarePassiveAsync(connection, queue, cancellationToken))?.MessageCount ?? 0;

    private static async Task<long> ConsumersAsync(IConnection connection, string queue, CancellationToken cancellationToken) =>
        (await DeclarePassiveAsync(connection, queue, cancellationToken))?.ConsumerCount ?? 0;

    // A passive declare of a missing queue closes its channel: one channel per question.
    private static async Task<QueueDeclareOk?> DeclarePassiveAsync(IConnection connection, string queue, CancellationToken cancellationToken)
    {
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            return await channel.QueueDeclarePassiveAsync(queue, cancellationToken);
        }
        catch (OperationInterruptedException)
        {
            return null;
        }
    }

    private async Task WaitAsync(string what, Func<Task<bool>> condition, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + StepBound;
        while (!await condition())
        {
            if (DateTime.UtcNow >= deadline)
            {
                _problems.Add($"gave up waiting for {what} after {StepBound.TotalSeconds:F0} s");
                Line($"gave up waiting for {what}");
                return;
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private void Expect(bool holds, string problem)
    {
        if (!holds)
        {
            _problems.Add(problem);
        }
    }

    private void Line(string text) => output.WriteLine("[demo] " + text);
}
