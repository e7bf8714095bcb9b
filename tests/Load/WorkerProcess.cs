using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Arrakis.Testing;

namespace Arrakis.Load;

/// <summary>
/// The worker as its own process, from its Release build output (as the Dockerfile runs it): its start-up time to
/// consuming, its resident memory (sampled, and the kernel's high-water mark), its message counts from /health,
/// and the two ways it can end: SIGTERM (drain) or SIGKILL (a crash).
/// </summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    private readonly Process _process;
    private readonly FileStream _log;
    private readonly Task _output;
    private readonly Task _errors;
    private readonly CancellationTokenSource _sampling = new();
    private readonly Task _sampler;
    private long _peakSampledRss;

    private WorkerProcess(Process process, int healthPort, string logPath, long startedAt)
    {
        _process = process;
        HealthPort = healthPort;
        LogPath = logPath;
        StartedAt = startedAt;
        // A new file per process: a world numbers its workers, so a path is reused only by a later run.
        _log = new FileStream(logPath, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0);
        _output = LineCopy.CopyAsync(process.StandardOutput.BaseStream, _log);
        _errors = LineCopy.CopyAsync(process.StandardError.BaseStream, _log);
        _sampler = SampleAsync(_sampling.Token);
    }

    /// <summary>
    /// The worker's build output (build/bench.sh, chaos.sh and soak.sh build Release first), or
    /// <c>ARRAKIS_WORKER_ASSEMBLY</c> when set: a copy that a rebuild during a long run cannot change under it.
    /// </summary>
    public static string Assembly =>
        Environment.GetEnvironmentVariable("ARRAKIS_WORKER_ASSEMBLY") is { Length: > 0 } copy
            ? Path.GetFullPath(copy)
            : Path.Combine(RepoPaths.Root, "src", "Worker", "bin", "Release", "net10.0", "Arrakis.Worker.dll");

    public int Pid => _process.Id;

    public int HealthPort { get; }

    /// <summary>Everything the worker printed (its JSON logs), one file per process.</summary>
    public string LogPath { get; }

    /// <summary>Stopwatch timestamp of the process start.</summary>
    public long StartedAt { get; }

    /// <summary>From the process start to /health/ready answering 200 (both consumers subscribed, Redis answering).</summary>
    public TimeSpan? StartupTime { get; private set; }

    public bool HasExited => _process.HasExited;

    /// <summary>Resident memory now, in bytes (0 once it has exited).</summary>
    public long RssBytes => ReadStatus("VmRSS:");

    /// <summary>Processor time the process has used so far, user and system, all threads (zero once it has exited).</summary>
    public TimeSpan CpuTime
    {
        get
        {
            try
            {
                _process.Refresh();
                return _process.TotalProcessorTime;
            }
            catch (InvalidOperationException)
            {
                return TimeSpan.Zero;
            }
        }
    }

    /// <summary>The highest resident memory of the process's life: the kernel's VmHWM, or the highest sample.</summary>
    public long PeakRssBytes => Math.Max(ReadStatus("VmHWM:"), Interlocked.Read(ref _peakSampledRss));

    public static async Task<WorkerProcess> StartAsync(IReadOnlyDictionary<string, string> environment, string logPath)
    {
        if (!File.Exists(Assembly))
        {
            throw new FileNotFoundException($"The worker is not built: {Assembly}. Run `dotnet build -c Release` first.");
        }

        var port = TestServices.FreePort();
        var start = new ProcessStartInfo("dotnet", $"\"{Assembly}\"")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(Assembly)!,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        start.Environment["HEALTH_PORT"] = port.ToString(CultureInfo.InvariantCulture);
        var startedAt = Stopwatch.GetTimestamp();
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var worker = new WorkerProcess(process, port, logPath, startedAt);
        await Task.Yield();
        return worker;
    }

    /// <summary>Waits until /health/ready answers 200; records the start-up time the first time.</summary>
    public async Task<bool> WaitReadyAsync(TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < timeout && !_process.HasExited)
        {
            if (await IsReadyAsync())
            {
                StartupTime ??= Stopwatch.GetElapsedTime(StartedAt);
                return true;
            }

            await Task.Delay(10);
        }

        return false;
    }

    public async Task<bool> IsReadyAsync()
    {
        try
        {
            using var response = await Http.GetAsync(new Uri($"http://127.0.0.1:{HealthPort}/health/ready"));
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>The counts on /health since this process started, or null when it does not answer.</summary>
    public async Task<WorkerCounts?> CountsAsync()
    {
        try
        {
            using var response = await Http.GetAsync(new Uri($"http://127.0.0.1:{HealthPort}/health"));
            var document = await response.Content.ReadFromJsonAsync<JsonElement>();
            var messages = document.GetProperty("messages");
            return new WorkerCounts(
                messages.GetProperty("handled").GetInt64(),
                messages.GetProperty("retried").GetInt64(),
                messages.GetProperty("deadLettered").GetInt64(),
                messages.GetProperty("dropped").GetInt64());
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException)
        {
            return null;
        }
    }

    /// <summary>kill -9: no drain, no goodbye, as a crashed or OOM-killed task.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
        }

        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as ECS stops a task; returns the exit code (the worker drains first).</summary>
    public async Task<int> StopAsync(TimeSpan? timeout = null)
    {
        if (!_process.HasExited)
        {
            using var term = Process.Start("kill", $"-TERM {_process.Id}");
            await term!.WaitForExitAsync();
        }

        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(40));
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await StopAsync();
        }

        await _sampling.CancelAsync();
        await Task.WhenAll(_output, _errors, _sampler.ContinueWith(_ => { }, TaskScheduler.Default));
        await _log.DisposeAsync();
        _process.Dispose();
        _sampling.Dispose();
    }

    // VmHWM is the truth for peak RSS; the samples are a cross-check that also works where /proc has no VmHWM.
    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested && !_process.HasExited)
        {
            var rss = RssBytes;
            if (rss > Interlocked.Read(ref _peakSampledRss))
            {
                Interlocked.Exchange(ref _peakSampledRss, rss);
            }

            await Task.Delay(100, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private long ReadStatus(string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    // "VmRSS:	   81234 kB"
                    var kb = long.Parse(line.AsSpan(field.Length).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
                    return kb * 1024;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // The process has exited.
        }

        return 0;
    }
}

/// <summary>A worker's /health message counts, since its process started.</summary>
public sealed record WorkerCounts(long Handled, long Retried, long DeadLettered, long Dropped)
{
    public long Settled => Handled + DeadLettered + Dropped;
}
