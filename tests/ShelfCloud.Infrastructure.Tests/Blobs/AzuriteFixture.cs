using System.Globalization;
using ShelfCloud.TestSupport;

namespace ShelfCloud.Infrastructure.Tests.Blobs;

/// <summary>
/// An Azurite blob endpoint: the one named by <c>AZURITE_BLOB_CONNECTION</c>, or one this fixture starts from the
/// repository's <c>node_modules</c> (<see cref="NodeServer"/>) on a free loopback port with a throw-away location, and
/// stops afterwards.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public const string ConnectionVariable = "AZURITE_BLOB_CONNECTION";

    // Azurite's fixed, publicly documented development account.
    private const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private NodeServer? _server;
    private string? _location;

    public string ConnectionString { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable(ConnectionVariable) is { Length: > 0 } given)
        {
            ConnectionString = given;
            return;
        }

        var port = NodeServer.FreeLoopbackPort();
        _location = Directory.CreateTempSubdirectory("shelfcloud-azurite-").FullName;
        _server = await NodeServer.StartAsync("azurite-blob",
            ["--silent", "--skipApiVersionCheck", "--disableTelemetry", "--blobHost", "127.0.0.1", "--blobPort", port.ToString(CultureInfo.InvariantCulture), "--location", _location],
            port, $"set {ConnectionVariable} to the connection string of a running Azurite");
        ConnectionString = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
            $"AccountKey={DevelopmentAccountKey};BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
        if (_location is not null)
        {
            try { Directory.Delete(_location, recursive: true); }
            catch (IOException) { /* a leftover temp folder is harmless */ }
        }
    }
}
