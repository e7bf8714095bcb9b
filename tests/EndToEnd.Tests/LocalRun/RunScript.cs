using System.Diagnostics;
using System.Text;
using Arrakis.Testing;

namespace Arrakis.EndToEnd.Tests.LocalRun;

/// <summary>build/run.sh started from the repository's root with an environment of the test's, its output collected.</summary>
internal sealed class RunScript : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private RunScript(Process process) => _process = process;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public int ExitCode => _process.ExitCode;

    public static RunScript Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment)
    {
        // A session (and process group) of its own, as a terminal gives a command, so Ctrl+C can be sent as a terminal sends it.
        var start = new ProcessStartInfo("setsid", ["bash", "build/run.sh", .. arguments])
        {
            WorkingDirectory = RepoRoot(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        var script = new RunScript(new Process { StartInfo = start });
        script._process.OutputDataReceived += (_, line) => script.Append(line.Data);
        script._process.ErrorDataReceived += (_, line) => script.Append(line.Data);
        script._process.Start();
        script._process.BeginOutputReadLine();
        script._process.BeginErrorReadLine();
        return script;
    }

    /// <summary>Waits for the script to exit within a bound (not a speed target); kills its process tree past it.</summary>
    public async Task<int> ExitAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"build/run.sh did not finish within {within.TotalSeconds:F0} s:\n{Output}");
        }

        _process.WaitForExit(); // drains the redirected output
        return _process.ExitCode;
    }

    public Task<bool> PrintedAsync(string text, TimeSpan within) =>
        Eventually.TrueAsync(() => Output.Contains(text, StringComparison.Ordinal) || _process.HasExited, within)
            .ContinueWith(_ => Output.Contains(text, StringComparison.Ordinal), TaskScheduler.Default);

    /// <summary>Sends a signal to the script's whole process group, as a terminal's Ctrl+C does.</summary>
    public async Task SignalGroupAsync(string signal)
    {
        // setsid execs bash in place (its parent is not a group leader), so the script's pid is its group's id.
        using var kill = Process.Start("kill", [$"-{signal}", "--", "-" + _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Arrakis.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Arrakis.sln not found above the test's directory.");
    }
}
