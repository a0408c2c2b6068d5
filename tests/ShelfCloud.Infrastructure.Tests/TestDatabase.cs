using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ShelfCloud.Infrastructure;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Tenancy;

namespace ShelfCloud.Infrastructure.Tests;

/// <summary>A real SQLite file in a fresh data folder, migrated, with the same services the portal uses.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly IHost _host;

    private TestDatabase(IHost host, string folder)
    {
        _host = host;
        Folder = folder;
    }

    public string Folder { get; }
    public IServiceProvider Services => _host.Services;

    public static async Task<TestDatabase> CreateAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "shelfcloud-tests", Guid.NewGuid().ToString("N"));
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Test" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [DataFolder.EnvironmentVariable] = folder });
        if (settings is not null)
            builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.AddInfrastructureServices();
        var db = new TestDatabase(builder.Build(), folder);
        await using var scope = db.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        return db;
    }

    public AsyncServiceScope InTenant(Guid tenantId) => Services.GetRequiredService<TenantScopeFactory>().CreateScope(tenantId, "test");

    public AsyncServiceScope WithoutTenant() => Services.CreateAsyncScope();

    public async ValueTask DisposeAsync()
    {
        _host.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { /* a leftover temp folder is harmless */ }
    }
}
