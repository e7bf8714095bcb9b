namespace Arrakis.Load;

/// <summary>
/// Copies a process's output to a shared log file as a log driver would: whatever the pipe holds, in one write, cut
/// at the last line end, so that two sources (standard output and standard error) never interleave inside a line.
/// Copying line by line, one write each, cost the load tool 40 µs of processor time per message of a fast drain,
/// taken from the two cores the worker runs on (docs/benchmarks.md, sixth look).
/// </summary>
public static class LineCopy
{
    /// <summary>Copies <paramref name="source"/> to its end; writes to <paramref name="target"/> under a lock on it.</summary>
    public static async Task CopyAsync(Stream source, Stream target)
    {
        var buffer = new byte[64 * 1024];
        var held = 0;
        int read;
        while ((read = await source.ReadAsync(buffer.AsMemory(held))) > 0)
        {
            held += read;
            var lineEnd = buffer.AsSpan(0, held).LastIndexOf((byte)'\n');
            if (lineEnd < 0 && held < buffer.Length)
            {
                continue;
            }

            // A line longer than the buffer goes out in pieces.
            var whole = lineEnd < 0 ? held : lineEnd + 1;
            Write(target, buffer, whole);
            buffer.AsSpan(whole, held - whole).CopyTo(buffer);
            held -= whole;
        }

        Write(target, buffer, held);
    }

    private static void Write(Stream target, byte[] buffer, int count)
    {
        if (count == 0)
        {
            return;
        }

        lock (target)
        {
            target.Write(buffer, 0, count);
        }
    }
}
