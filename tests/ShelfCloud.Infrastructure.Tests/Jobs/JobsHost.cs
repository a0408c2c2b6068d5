using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Catalog;
using ShelfCloud.Infrastructure.Captures;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Jobs;
using ShelfCloud.Infrastructure.Onboarding;
using ShelfCloud.Infrastructure.Tenancy;
using ShelfCloud.TestSupport;

namespace ShelfCloud.Infrastructure.Tests.Jobs;

/// <summary>A tenant with one store, shelf and camera, made for one test.</summary>
public sealed record JobsTenant(Guid TenantId, CameraIdentity Camera);

/// <summary>
/// The infrastructure and job services over a real SQLite file, with the tiny test models. Without <c>runServer</c> no
/// Hangfire server or dispatcher loop runs: tests call the dispatcher, claimer and jobs themselves. Two hosts on one
/// folder are two nodes sharing one database.
/// </summary>
public sealed class JobsHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly bool _ownsFolder;

    private JobsHost(IHost host, string folder, bool ownsFolder, ListLogger logs)
    {
        _host = host;
        Folder = folder;
        _ownsFolder = ownsFolder;
        Logs = logs;
    }

    public string Folder { get; }

    public IServiceProvider Services => _host.Services;

    /// <summary>Warnings and errors the host logged.</summary>
    public ListLogger Logs { get; }

    public static async Task<JobsHost> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null, bool runServer = false, Action<IServiceCollection>? services = null, string? folder = null)
    {
        var ownsFolder = folder is null;
        folder ??= Path.Combine(Path.GetTempPath(), "shelfcloud-jobs-tests", Guid.NewGuid().ToString("N"));
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Test" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [DataFolder.EnvironmentVariable] = folder,
            ["Models:Detector"] = TestModels.Detector,
            ["Models:Embedder"] = TestModels.Embedder,
            ["Inference:IntraOpThreads"] = "1",
            ["Inference:InterOpThreads"] = "1",
            ["Jobs:RunServer"] = runServer ? "true" : "false",
            ["Jobs:WorkerCount"] = "2",
            ["Jobs:DispatchIntervalSeconds"] = "1",
            ["Jobs:SchedulePollingSeconds"] = "1",
            ["Jobs:RetryDelaySeconds"] = "0",
        });
        if (settings is not null)
            builder.Configuration.AddInMemoryCollection(settings);
        var logs = new ListLogger();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.AddInfrastructureServices();
        builder.AddJobServices();
        services?.Invoke(builder.Services);

        var host = new JobsHost(builder.Build(), folder, ownsFolder, logs);
        await using (var scope = host.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        if (runServer)
            await host._host.StartAsync();
        return host;
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public AsyncServiceScope InTenant(Guid tenantId) => Get<TenantScopeFactory>().CreateScope(tenantId, "test");

    /// <summary>A new tenant with one store, shelf and camera.</summary>
    public async Task<JobsTenant> NewTenantAsync()
    {
        Guid tenantId;
        var slug = "jobs-" + Guid.NewGuid().ToString("N")[..12];
        await using (var platform = Services.CreateAsyncScope())
            tenantId = (await platform.ServiceProvider.GetRequiredService<TenantProvisioning>().CreateAsync(slug, "Jobs " + slug)).Id;
        await using var scope = InTenant(tenantId);
        var sp = scope.ServiceProvider;
        var storeId = await sp.GetRequiredService<StoreOnboarding>().CreateAsync(new StoreInput("Store"));
        var shelfId = await sp.GetRequiredService<ShelfOnboarding>().CreateAsync(new ShelfInput(storeId, "Shelf"));
        var issued = await sp.GetRequiredService<CameraOnboarding>().CreateAsync(new CameraInput(shelfId, "cam"));
        var camera = await sp.GetRequiredService<CameraKeyResolver>().ResolveAsync(issued.ApiKey);
        return new JobsTenant(tenantId, camera!);
    }

    /// <summary>Uploads <paramref name="count"/> shelf photos through the real ingestion; returns their ids.</summary>
    public async Task<List<Guid>> IngestAsync(JobsTenant tenant, int count)
    {
        var ids = new List<Guid>();
        await using var scope = InTenant(tenant.TenantId);
        var ingestor = scope.ServiceProvider.GetRequiredService<CaptureIngestor>();
        for (var i = 0; i < count; i++)
            ids.Add((await ingestor.IngestAsync(tenant.Camera, new CaptureUpload(ShelfImages.Png))).Id);
        return ids;
    }

    public async Task<Guid> AddSkuAsync(Guid tenantId, string code)
    {
        await using var scope = InTenant(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
        var sku = new Sku { Code = code, Name = code, Category = "Test", CreatedAt = DateTimeOffset.UtcNow };
        db.Skus.Add(sku);
        await db.SaveChangesAsync();
        return sku.Id;
    }

    public async Task<List<Capture>> CapturesAsync(Guid tenantId)
    {
        await using var scope = InTenant(tenantId);
        return await scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>().Captures.AsNoTracking().OrderBy(c => c.ReceivedAt).ToListAsync();
    }

    public async Task<Dictionary<Guid, int>> DetectionCountsAsync(Guid tenantId)
    {
        await using var scope = InTenant(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
        return await db.Detections.GroupBy(d => d.CaptureId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
    }

    /// <summary>Polls the tenant's captures until <paramref name="done"/> holds, failing after <paramref name="timeout"/>.</summary>
    public async Task<List<Capture>> WaitForCapturesAsync(Guid tenantId, Func<List<Capture>, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var captures = await CapturesAsync(tenantId);
            if (done(captures))
                return captures;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("Captures did not get there: " + string.Join(", ", captures.Select(c => $"{c.Status}/{c.Attempts}/{c.FailureReason}")));
            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
            // Stopping took too long; disposing ends it.
        }

        _host.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (!_ownsFolder)
            return;
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { /* a leftover temp folder is harmless */ }
    }
}
