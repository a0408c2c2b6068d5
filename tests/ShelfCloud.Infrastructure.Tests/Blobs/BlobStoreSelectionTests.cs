using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ShelfCloud.Infrastructure.Blobs;

namespace ShelfCloud.Infrastructure.Tests.Blobs;

/// <summary><c>Blobs:Provider</c> picks the store; invalid settings stop the host at start, not at the first upload.</summary>
public sealed class BlobStoreSelectionTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("shelfcloud-blob-selection-").FullName;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_default_is_the_file_system_store_in_the_data_folder()
    {
        using var host = Build([]);
        await host.StartAsync(Token);
        var tenant = Guid.NewGuid();

        var store = host.Services.GetRequiredService<IBlobStore>();
        await store.PutAsync(tenant, "captures/a.jpg", new MemoryStream([1]), "image/jpeg", Token);

        store.ShouldBeOfType<FileSystemBlobStore>();
        File.Exists(Path.Combine(_data, "blobs", tenant.ToString(), "captures", "a.jpg")).ShouldBeTrue();
        await host.StopAsync(Token);
    }

    [Fact]
    public async Task The_azure_provider_selects_the_azure_store()
    {
        using var host = Build(new() { ["Blobs:Provider"] = "Azure", ["Blobs:Azure:ConnectionString"] = "UseDevelopmentStorage=true" });
        await host.StartAsync(Token);

        host.Services.GetRequiredService<IBlobStore>().ShouldBeOfType<AzureBlobStore>();
        await host.StopAsync(Token);
    }

    [Theory]
    [InlineData("Azure", null, "shelfcloud", "Blobs:Azure:ConnectionString is required")]
    [InlineData("Azure", "UseDevelopmentStorage=true", "Bad_Name", "not a valid container name")]
    public async Task Invalid_azure_settings_stop_the_host_at_start(string provider, string? connectionString, string container, string expected)
    {
        using var host = Build(new()
        {
            ["Blobs:Provider"] = provider, ["Blobs:Azure:ConnectionString"] = connectionString, ["Blobs:Azure:Container"] = container,
        });

        var error = await Should.ThrowAsync<OptionsValidationException>(() => host.StartAsync(Token));

        error.Message.ShouldContain(expected);
    }

    [Fact]
    public async Task An_unknown_provider_stops_the_host_at_start()
    {
        using var host = Build(new() { ["Blobs:Provider"] = "FloppyDisk" });

        await Should.ThrowAsync<InvalidOperationException>(() => host.StartAsync(Token));
    }

    [Theory]
    [InlineData("Ingestion:PermitsPerWindow", "0")]
    [InlineData("Ingestion:WindowSeconds", "-1")]
    public async Task Ingestion_settings_below_one_stop_the_host_at_start(string key, string value)
    {
        using var host = Build(new() { [key] = value });

        await Should.ThrowAsync<OptionsValidationException>(() => host.StartAsync(Token));
    }

    public void Dispose()
    {
        try { Directory.Delete(_data, recursive: true); }
        catch (IOException) { /* a leftover temp folder is harmless */ }
    }

    private IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Test" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings) { [DataFolder.EnvironmentVariable] = _data });
        builder.Logging.ClearProviders();
        builder.AddInfrastructureServices();
        return builder.Build();
    }
}
