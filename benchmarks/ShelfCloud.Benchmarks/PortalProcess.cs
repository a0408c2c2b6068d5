using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

namespace ShelfCloud.Benchmarks;

/// <summary>The portal's Release build started as its own process (<c>dotnet ShelfCloud.Web.dll</c>) on a free loopback port.</summary>
public sealed class PortalProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private PortalProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<PortalProcess> StartAsync(IReadOnlyDictionary<string, string> environment, CancellationToken ct = default)
    {
        var dll = PortalDll();
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll },
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_URLS"] = address.ToString();
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        var process = new Process { StartInfo = start };
        var portal = new PortalProcess(process, address);
        process.OutputDataReceived += (_, e) => portal.Append(e.Data);
        process.ErrorDataReceived += (_, e) => portal.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await portal.WaitUntilHealthyAsync(ct);
        return portal;
    }

    /// <summary>SIGKILL, as a crash or an OOM kill: no shutdown, no clean-up.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
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

    private async Task WaitUntilHealthyAsync(CancellationToken ct)
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                break;
            try
            {
                if ((await client.GetAsync("/health", ct)).StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(250, ct);
        }

        lock (_output)
            throw new InvalidOperationException("The portal did not become healthy:\n" + _output);
    }

    private static string PortalDll()
    {
        var directory = typeof(PortalProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "PortalOutputDirectory").Value!;
        var dll = Path.Combine(directory, "ShelfCloud.Web.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build src/ShelfCloud.Web first.", dll);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }
}
