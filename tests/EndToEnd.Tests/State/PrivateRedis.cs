using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Arrakis.Testing;

namespace Arrakis.EndToEnd.Tests.State;

/// <summary>
/// A redis-server of this test class's own, on a free loopback port, that the test may stop and start again
/// without disturbing anyone else (the shared Redis stays up). No persistence, as in build/services.sh.
/// </summary>
public sealed class PrivateRedis : IAsyncLifetime
{
    private Process? _server;

    public int Port { get; } = TestServices.FreePort();

    public string Url => $"redis://127.0.0.1:{Port}";

    public async ValueTask InitializeAsync() => await StartAsync();

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("redis-server")
        {
            ArgumentList = { "--bind", "127.0.0.1", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no", "--daemonize", "no" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _server = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        _server.OutputDataReceived += (_, _) => { };
        _server.ErrorDataReceived += (_, _) => { };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
        if (!await Eventually.TrueAsync(Answers, TimeSpan.FromSeconds(10)))
        {
            throw new InvalidOperationException($"redis-server on port {Port} did not answer.");
        }
    }

    public async Task StartIfStoppedAsync()
    {
        if (_server is null)
        {
            await StartAsync();
        }
    }

    /// <summary>Stops the server at once, as a crash or a restart without persistence would.</summary>
    public async Task StopAsync()
    {
        if (_server is null)
        {
            return;
        }

        _server.Kill();
        await _server.WaitForExitAsync();
        _server.Dispose();
        _server = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private bool Answers()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            using var stream = client.GetStream();
            stream.Write("PING\r\n"u8);
            var buffer = new byte[7];
            return stream.Read(buffer) > 0 && buffer[0] == (byte)'+';
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
