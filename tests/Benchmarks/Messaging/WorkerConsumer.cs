using System.Diagnostics;
using System.Diagnostics.Metrics;
using Arrakis.Application.Abstractions.Messaging;
using Arrakis.Infrastructure.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Arrakis.Benchmarks.Messaging;

/// <summary>The worker's own consumers (AddMessaging, default settings unless given), feeding a dispatcher.</summary>
internal sealed class WorkerConsumer : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly List<IHostedService> _hosted;
    private readonly MeterListener _listener = new();
    private long _settled;

    private WorkerConsumer(ServiceProvider services)
    {
        _services = services;
        _hosted = services.GetServices<IHostedService>().ToList();
        // Counts acknowledgements as the worker reports them, after BasicAck returned.
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Arrakis.Worker" && instrument.Name == "arrakis.messages.outcomes")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _settled, value));
        _listener.Start();
    }

    public long Settled => Interlocked.Read(ref _settled);

    public static async Task<WorkerConsumer> StartAsync(string url, IMessageDispatcher dispatcher, IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?> { ["RABBITMQ_URL"] = url };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(dispatcher);
        services.AddMessaging(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        var worker = new WorkerConsumer(services.BuildServiceProvider());
        foreach (var hosted in worker._hosted)
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        var states = worker._services.GetRequiredService<ConsumerStates>();
        var wait = Stopwatch.StartNew();
        while (!(states.AllConsuming && states.Snapshot.Count == 2))
        {
            if (wait.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new InvalidOperationException("The worker's consumers did not subscribe.");
            }

            await Task.Delay(20);
        }

        return worker;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var hosted in Enumerable.Reverse(_hosted))
        {
            await hosted.StopAsync(CancellationToken.None);
        }

        _listener.Dispose();
        await _services.DisposeAsync();
    }
}
