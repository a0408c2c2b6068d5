using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Infrastructure;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Onboarding;
using ShelfCloud.Infrastructure.Tenancy;

namespace ShelfCloud.Benchmarks;

/// <summary>A fresh data folder, migrated, with one tenant and camera: what a self-hosted run points the portal at.</summary>
public sealed class BenchmarkData : IDisposable
{
    // ext4 skips inodes freed in the last minute (five, while their block is dirty) when it allocates a new one, by
    // reading each candidate's inode block: deleting a run's thousands of photo files right before the next run made
    // every file that run created scan past them (≈ 10 % of the portal's CPU in a profile). Folders go at exit instead.
    private static readonly List<string> FoldersToDelete = [];
    private readonly IHost _host;

    private BenchmarkData(IHost host, string folder, Guid tenantId, string apiKey)
    {
        _host = host;
        Folder = folder;
        TenantId = tenantId;
        ApiKey = apiKey;
    }

    public string Folder { get; }

    public Guid TenantId { get; }

    public string ApiKey { get; }

    public static async Task<BenchmarkData> CreateAsync(CancellationToken ct = default)
    {
        var folder = Directory.CreateTempSubdirectory("shelfcloud-bench-").FullName;
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [DataFolder.EnvironmentVariable] = folder });
        builder.Logging.ClearProviders();
        builder.AddInfrastructureServices();
        var host = builder.Build();
        await using (var scope = host.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(ct);
        Guid tenantId;
        await using (var platform = host.Services.CreateAsyncScope())
            tenantId = (await platform.ServiceProvider.GetRequiredService<TenantProvisioning>().CreateAsync("bench", "Benchmark", ct)).Id;
        await using var tenant = host.Services.GetRequiredService<TenantScopeFactory>().CreateScope(tenantId);
        var sp = tenant.ServiceProvider;
        var store = await sp.GetRequiredService<StoreOnboarding>().CreateAsync(new StoreInput("Bench store"), ct);
        var shelf = await sp.GetRequiredService<ShelfOnboarding>().CreateAsync(new ShelfInput(store, "Bench shelf"), ct);
        var camera = await sp.GetRequiredService<CameraOnboarding>().CreateAsync(new CameraInput(shelf, "bench-cam"), ct);
        return new BenchmarkData(host, folder, tenantId, camera.ApiKey);
    }

    /// <summary>The environment of a portal process on this data folder: no rate limit, and no jobs unless the caller adds them.</summary>
    public Dictionary<string, string> PortalEnvironment() => new()
    {
        ["SHELFCLOUD_DATA"] = Folder,
        ["Ingestion__PermitsPerWindow"] = "10000000",
        ["Jobs__RunServer"] = "false",
    };

    /// <summary>Uploads <paramref name="captures"/> photos through a portal that runs no jobs: a recognition backlog.</summary>
    public async Task UploadBacklogAsync(byte[] image, int captures)
    {
        await using var ingestOnly = await PortalProcess.StartAsync(PortalEnvironment());
        await new LoadGenerator(ingestOnly.Address, ApiKey, image).RunAsync(concurrency: 8, requests: captures);
    }

    /// <summary>How many of the tenant's captures have each status.</summary>
    public async Task<Dictionary<CaptureStatus, int>> CountByStatusAsync(CancellationToken ct = default)
    {
        await using var scope = _host.Services.GetRequiredService<TenantScopeFactory>().CreateScope(TenantId);
        return await scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>().Captures
            .GroupBy(c => c.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
    }

    /// <summary>How many of these captures have the status.</summary>
    public async Task<int> CountAsync(ICollection<Guid> ids, CaptureStatus status, CancellationToken ct = default)
    {
        var list = ids.ToList();
        await using var scope = _host.Services.GetRequiredService<TenantScopeFactory>().CreateScope(TenantId);
        var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
        var count = 0;
        foreach (var chunk in list.Chunk(500))
            count += await db.Captures.CountAsync(c => chunk.Contains(c.Id) && c.Status == status, ct);
        return count;
    }

    /// <summary>Detections per capture that has any.</summary>
    public async Task<Dictionary<Guid, int>> DetectionCountsAsync(CancellationToken ct = default)
    {
        await using var scope = _host.Services.GetRequiredService<TenantScopeFactory>().CreateScope(TenantId);
        return await scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>().Detections
            .GroupBy(d => d.CaptureId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
    }

    public void Dispose()
    {
        _host.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        lock (FoldersToDelete)
            FoldersToDelete.Add(Folder);
    }

    /// <summary>Deletes the data folders of every run of this process; call once, at the end.</summary>
    public static void DeleteAll()
    {
        lock (FoldersToDelete)
        {
            foreach (var folder in FoldersToDelete)
            {
                try { Directory.Delete(folder, recursive: true); }
                catch (IOException) { /* a leftover temp folder is harmless */ }
            }

            FoldersToDelete.Clear();
        }
    }
}
