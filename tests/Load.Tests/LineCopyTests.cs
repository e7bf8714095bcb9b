using System.IO.Pipes;
using System.Text;

namespace Arrakis.Load.Tests;

/// <summary>The worker's log copy: two pipes into one file, every line whole, nothing lost.</summary>
public sealed class LineCopyTests
{
    [Fact]
    public async Task TwoSourcesWritingLinesInPieces_EveryLineArrivesWhole()
    {
        const int LinesEach = 3_000;
        var target = new MemoryStream();
        var copies = new List<Task>();
        var writers = new List<Task>();
        foreach (var name in new[] { "out", "err" })
        {
            var server = new AnonymousPipeServerStream(PipeDirection.Out);
            var client = new AnonymousPipeClientStream(PipeDirection.In, server.ClientSafePipeHandle);
            copies.Add(CopyThenDisposeAsync(client, target));
            writers.Add(WriteInPiecesAsync(server, name, LinesEach));
        }

        await Task.WhenAll(writers);
        await Task.WhenAll(copies);

        var lines = Encoding.UTF8.GetString(target.ToArray()).Split('\n');
        Assert.Equal("", lines[^1]);
        var whole = lines[..^1];
        Assert.Equal(2 * LinesEach, whole.Length);
        Assert.All(whole, line => Assert.Matches("^(out|err)-[0-9]{5}-x{10,200}$", line));
        Assert.Equal(LinesEach, whole.Count(l => l.StartsWith("out-", StringComparison.Ordinal)));
    }

    private static async Task CopyThenDisposeAsync(Stream source, Stream target)
    {
        await using (source)
        {
            await LineCopy.CopyAsync(source, target);
        }
    }

    /// <summary>Lines cut at random places across writes, as a process's buffered output reaches its pipe.</summary>
    private static async Task WriteInPiecesAsync(Stream pipe, string name, int lines)
    {
        var random = new Random(name.GetHashCode(StringComparison.Ordinal));
        var text = new StringBuilder();
        for (var i = 0; i < lines; i++)
        {
            text.Append(name).Append('-').Append(i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture)).Append('-')
                .Append('x', random.Next(10, 201)).Append('\n');
        }

        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        await using (pipe)
        {
            for (var at = 0; at < bytes.Length;)
            {
                var piece = Math.Min(random.Next(1, 400), bytes.Length - at);
                await pipe.WriteAsync(bytes.AsMemory(at, piece));
                at += piece;
                if (random.Next(8) == 0)
                {
                    await Task.Yield();
                }
            }
        }
    }
}
