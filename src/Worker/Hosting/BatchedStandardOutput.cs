using System.Diagnostics;
using System.Text;

namespace Arrakis.Worker.Hosting;

/// <summary>
/// Standard output that writes the log lines in batches under load and at once when they are rare (docs/adr/0042).
/// The console logger writes each line with its own <c>write</c> to the pipe the container runtime reads, which
/// wakes that reader each time: at thousands of lines a second that was a large share of the worker's processor
/// time. A line written <see cref="DefaultInterval"/> or more after the last flush goes out at once; lines that
/// follow it closer than that wait, together, for a flush at most that long after.
/// </summary>
/// <remarks>
/// Only ever used behind <see cref="TextWriter.Synchronized"/>, whose lock is the one lock here: the console's own
/// stream takes <c>lock (Console.Out)</c> while it writes, so a second lock of ours would invert that order between
/// a writer and the timer's flush, and deadlock.
/// </remarks>
internal sealed class BatchedStandardOutput : TextWriter
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(50);

    private readonly StreamWriter _out;
    private readonly TimeSpan _interval;
    private readonly Timer _timer;
    private TextWriter _synchronized = Null;
    private long _lastFlush;
    private bool _flushDue;

    private BatchedStandardOutput(Stream output, TimeSpan interval)
    {
        _out = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024) { AutoFlush = false };
        _interval = interval;
        _timer = new Timer(_ => FlushQuietly());
    }

    public override Encoding Encoding => _out.Encoding;

    /// <summary>A synchronized writer over <paramref name="output"/>; disposing it flushes and stops the timer.</summary>
    public static TextWriter Create(Stream output, TimeSpan interval)
    {
        var batched = new BatchedStandardOutput(output, interval);
        batched._synchronized = Synchronized(batched);
        return batched._synchronized;
    }

    /// <summary>Makes a batched standard output the process's <see cref="Console.Out"/> until the handle is disposed, which flushes.</summary>
    public static IDisposable Install()
    {
        var previous = Console.Out;
        var batched = Create(Console.OpenStandardOutput(), DefaultInterval);
        Console.SetOut(batched);
        // A crash still gets its last lines out; a normal stop goes through the handle below.
        UnhandledExceptionEventHandler flushOnCrash = (_, _) => batched.Flush();
        AppDomain.CurrentDomain.UnhandledException += flushOnCrash;
        return new Restore(batched, previous, flushOnCrash);
    }

    public override void Write(char value)
    {
        _out.Write(value);
        Written();
    }

    public override void Write(string? value)
    {
        _out.Write(value);
        Written();
    }

    public override void Write(char[] buffer, int index, int count)
    {
        _out.Write(buffer, index, count);
        Written();
    }

    public override void Write(ReadOnlySpan<char> buffer)
    {
        _out.Write(buffer);
        Written();
    }

    // One line, one decision: the base class would write the text and the line end separately.
    public override void WriteLine(string? value)
    {
        _out.Write(value);
        _out.Write(CoreNewLine);
        Written();
    }

    public override void Flush()
    {
        _out.Flush();
        _lastFlush = Stopwatch.GetTimestamp();
        _flushDue = false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _timer.Dispose();
            Flush();
            _out.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Written()
    {
        if (Stopwatch.GetElapsedTime(_lastFlush) >= _interval)
        {
            Flush();
        }
        else if (!_flushDue)
        {
            _flushDue = true;
            _timer.Change(_interval, Timeout.InfiniteTimeSpan);
        }
    }

    // On the timer's thread, through the synchronized writer (its lock); a failure there would end the process,
    // and a closed output loses the lines either way.
    private void FlushQuietly()
    {
        try
        {
            _synchronized.Flush();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
        }
    }

    private sealed class Restore(TextWriter batched, TextWriter previous, UnhandledExceptionEventHandler flushOnCrash) : IDisposable
    {
        public void Dispose()
        {
            AppDomain.CurrentDomain.UnhandledException -= flushOnCrash;
            Console.SetOut(previous);
            batched.Dispose();
        }
    }
}
