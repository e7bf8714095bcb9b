using System.Text;
using Arrakis.Testing;
using Arrakis.Worker.Hosting;

namespace Arrakis.Worker.Tests;

/// <summary>The worker's standard output: rare lines at once, bursts batched, and no deadlock with the console's lock.</summary>
public sealed class BatchedStandardOutputTests
{
    [Fact]
    public void ALineAfterAQuietSpell_ReachesTheOutputAtOnce()
    {
        var output = new RecordingStream();
        using var writer = BatchedStandardOutput.Create(output, TimeSpan.FromSeconds(5));

        writer.WriteLine("first");

        Assert.Equal("first\n", output.Text);
        Assert.Equal(1, output.Writes);
    }

    [Fact]
    public async Task LinesRightAfterAFlush_WaitAndGoTogether_WithinTheInterval()
    {
        var output = new RecordingStream();
        using var writer = BatchedStandardOutput.Create(output, TimeSpan.FromSeconds(2));
        writer.WriteLine("first");

        for (var i = 0; i < 100; i++)
        {
            writer.WriteLine($"line {i}");
        }

        Assert.Equal("first\n", output.Text);
        Assert.True(await Eventually.TrueAsync(() => output.Text.EndsWith("line 99\n", StringComparison.Ordinal), TimeSpan.FromSeconds(20)), "The burst was never flushed.");
        Assert.Equal(["first", .. Enumerable.Range(0, 100).Select(i => $"line {i}")], output.Text.TrimEnd('\n').Split('\n'));
        Assert.Equal(2, output.Writes);
    }

    [Fact]
    public async Task WritersAndTimedFlushes_OverAStreamThatTakesTheWritersLock_NeverDeadlock()
    {
        // The console's stream takes lock (Console.Out) while it writes, Console.Out being the synchronized writer.
        var output = new RecordingStream();
        var writer = BatchedStandardOutput.Create(output, TimeSpan.FromMilliseconds(1));
        output.LockDuringWrite = writer;

        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            // Short bursts and pauses: the timer keeps finding lines to flush while other writers hold the lock.
            for (var i = 0; i < 20_000; i++)
            {
                writer.WriteLine($"{w}:{i}");
                if (i % 20 == 0)
                {
                    Thread.Sleep(1);
                }
            }
        }));
        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        writer.Dispose();

        Assert.Equal(80_000, output.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    private sealed class RecordingStream : Stream
    {
        private readonly MemoryStream _written = new();

        public object? LockDuringWrite { get; set; }

        public int Writes { get; private set; }

        public string Text
        {
            get
            {
                lock (_written)
                {
                    return Encoding.UTF8.GetString(_written.ToArray());
                }
            }
        }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (LockDuringWrite is { } other)
            {
                // A little work before the lock, as the console's stream does: it widens the window a second lock of
                // the writer's own would deadlock in.
                Thread.SpinWait(20_000);
                lock (other)
                {
                    Append(buffer);
                }
            }
            else
            {
                Append(buffer);
            }
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        private void Append(ReadOnlySpan<byte> buffer)
        {
            lock (_written)
            {
                _written.Write(buffer);
                Writes++;
            }
        }
    }
}
