using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Infrastructure.Messaging;
using Arrakis.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Arrakis.Infrastructure.Tests.Messaging;

/// <summary>The messaging adapter alone (AddMessaging) on a test class's vhost, feeding a scripted dispatcher.</summary>
internal sealed class MessagingHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly List<IHostedService> _hosted;
    private bool _stopped;

    private MessagingHarness(ServiceProvider services)
    {
        _services = services;
        _hosted = services.GetServices<IHostedService>().ToList();
        Expired = new MetricCollector<long>(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), MessagingMetrics.MeterName, MessagingMetrics.ExpiredInteractions);
    }

    public FakeLogCollector Logs => _services.GetFakeLogCollector();

    public ConsumerStates States => _services.GetRequiredService<ConsumerStates>();

    public MetricCollector<long> Expired { get; }

    public QueueConsumer Consumer(string queue) => _services.GetServices<QueueConsumer>().Single(c => c.Queue == queue);

    public static Dictionary<string, string?> Settings(IsolatedBroker broker) => new()
    {
        ["RABBITMQ_URL"] = broker.Url,
        ["RETRY_DELAYS_MS"] = "200,400",
        ["PROCESSING_TIMEOUT_MS"] = "5000",
        ["SHUTDOWN_TIMEOUT_MS"] = "5000",
    };

    public static async Task<MessagingHarness> StartAsync(IDictionary<string, string?> settings, IMessageDispatcher dispatcher, bool waitUntilConsuming = true)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Debug).AddFakeLogging());
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(dispatcher);
        services.AddMessaging(configuration);
        var harness = new MessagingHarness(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }));
        foreach (var hosted in harness._hosted)
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        if (waitUntilConsuming && !await Eventually.TrueAsync(() => harness.States.AllConsuming && harness.States.Snapshot.Count == 2, TimeSpan.FromSeconds(20)))
        {
            await harness.DisposeAsync();
            throw new InvalidOperationException("The consumers did not subscribe.");
        }

        return harness;
    }

    public bool Logged(string text) => Logs.GetSnapshot().Any(r => r.Message.Contains(text, StringComparison.Ordinal));

    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        foreach (var hosted in Enumerable.Reverse(_hosted))
        {
            await hosted.StopAsync(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Expired.Dispose();
        await _services.DisposeAsync();
    }
}
