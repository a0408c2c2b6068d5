using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ShelfCloud.TestSupport;

/// <summary>
/// A server the tests start from the repository's <c>node_modules/.bin</c> (installed by <c>npm ci</c>, which
/// scripts/test.sh runs when needed) — Azurite, maildev — listening on loopback ports, stopped on dispose.
/// </summary>
public sealed class NodeServer : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private readonly Process _process;

    private NodeServer(Process process) => _process = process;

    /// <summary>Starts <paramref name="tool"/> and waits until it accepts connections on <paramref name="port"/>.</summary>
    /// <param name="hint">What to do instead when the tool is not installed (an environment variable to set, say).</param>
    public static async Task<NodeServer> StartAsync(string tool, IEnumerable<string> arguments, int port, string hint)
    {
        var executable = Path.Combine(Repository.Root, "node_modules", ".bin", tool);
        if (!File.Exists(executable))
            throw new InvalidOperationException(
                $"{tool} is not installed: {executable} is missing. Run `npm ci --no-audit --no-fund` at the repository root " +
                $"(scripts/test.sh does it when needed), or {hint}.");
        var start = new ProcessStartInfo(executable) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        var server = new NodeServer(Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}."));
        server._process.OutputDataReceived += (_, e) => server.Record(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.Record(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        await server.WaitUntilListeningAsync(tool, port, TimeSpan.FromSeconds(60));
        return server;
    }

    /// <summary>A loopback port nothing listens on now.</summary>
    public static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private async Task WaitUntilListeningAsync(string tool, int port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"{tool} exited with code {_process.ExitCode}: {Output()}");
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"{tool} did not listen on port {port} within {timeout.TotalSeconds} s: {Output()}");
    }

    private void Record(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    private string Output()
    {
        lock (_output)
            return _output.ToString();
    }
}
