using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Infrastructure;
using ShelfCloud.Infrastructure.Captures;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Onboarding;
using ShelfCloud.Infrastructure.Tenancy;
using ShelfCloud.TestSupport;

namespace ShelfCloud.Worker.Tests.Jobs;

/// <summary>
/// The worker process is killed in the middle of recognising a backlog; after a restart every capture that was
/// acknowledged reaches Recognized exactly once. The database is the queue of record: the killed worker's in-memory
/// job queue is simply gone, and its claims come back when their short lease runs out.
/// </summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private const int Captures = 24;
    private const int DetectionsPerCapture = 3;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private readonly string _data = Path.Combine(Path.GetTempPath(), "shelfcloud-crash-tests", Guid.NewGuid().ToString("N"));

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Captures_of_a_worker_killed_mid_batch_are_all_recognised_exactly_once_after_a_restart()
    {
        var (tenantId, ids) = await IngestAsync();
        using var host = LocalHost();

        List<Capture> atKill;
        using (var first = WorkerProcess.Start(Environment()))
        {
            atKill = await WaitAsync(host, tenantId, first,
                all => all.Any(c => c.Status == CaptureStatus.Recognized) && all.Any(c => c.Status == CaptureStatus.Processing));
            await first.KillAsync();
        }

        // Killed with a batch claimed but not recorded: only a restart can finish the work.
        atKill.ShouldContain(c => c.Status == CaptureStatus.Processing);
        (await CapturesAsync(host, tenantId)).Count(c => c.Status == CaptureStatus.Recognized).ShouldBeLessThan(Captures);

        using (var second = WorkerProcess.Start(Environment()))
        {
            var done = await WaitAsync(host, tenantId, second, all => all.All(c => c.Status == CaptureStatus.Recognized));
            done.Select(c => c.Id).ShouldBe(ids, ignoreOrder: true);
            await second.KillAsync();
        }

        var detections = await DetectionCountsAsync(host, tenantId);
        detections.Keys.ShouldBe(ids, ignoreOrder: true);
        detections.Values.ShouldAllBe(count => count == DetectionsPerCapture, "a capture recognised twice would have its detections twice");
    }

    private Dictionary<string, string> Environment() => new()
    {
        [DataFolder.EnvironmentVariable] = _data,
        ["DOTNET_ENVIRONMENT"] = "Production",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__Console__FormatterName"] = "simple",
        ["Models__Detector"] = TestModels.Detector,
        ["Models__Embedder"] = TestModels.Embedder,
        ["Inference__IntraOpThreads"] = "1",
        ["Inference__InterOpThreads"] = "1",
        ["Jobs__LeaseSeconds"] = "3",
        ["Jobs__BatchSize"] = "2",
        ["Jobs__MaxQueuedBatches"] = "1",
        ["Jobs__WorkerCount"] = "1",
        ["Jobs__DispatchIntervalSeconds"] = "1",
    };

    /// <summary>The same services in this process, never started: migrates, ingests and reads the database like the portal does.</summary>
    private IHost LocalHost() =>
        WorkerHost.CreateBuilder([], new Dictionary<string, string?> { [DataFolder.EnvironmentVariable] = _data }).Build();

    private async Task<(Guid TenantId, List<Guid> Ids)> IngestAsync()
    {
        using var host = LocalHost();
        await using (var scope = host.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(Token);
        Guid tenantId;
        await using (var platform = host.Services.CreateAsyncScope())
            tenantId = (await platform.ServiceProvider.GetRequiredService<TenantProvisioning>().CreateAsync("crash", "Crash test", Token)).Id;

        await using var tenant = host.Services.GetRequiredService<TenantScopeFactory>().CreateScope(tenantId);
        var sp = tenant.ServiceProvider;
        var storeId = await sp.GetRequiredService<StoreOnboarding>().CreateAsync(new StoreInput("Store"), Token);
        var shelfId = await sp.GetRequiredService<ShelfOnboarding>().CreateAsync(new ShelfInput(storeId, "Shelf"), Token);
        var issued = await sp.GetRequiredService<CameraOnboarding>().CreateAsync(new CameraInput(shelfId, "cam"), Token);
        var camera = (await sp.GetRequiredService<CameraKeyResolver>().ResolveAsync(issued.ApiKey, Token))!;
        // A white 1024×512 shelf with three packs where the test detector's boxes land (its 256×128 boxes, scaled).
        var image = TestShelves.ShelfPng(4, TestShelves.Red, TestShelves.Red, TestShelves.Red);
        var ids = new List<Guid>();
        for (var i = 0; i < Captures; i++)
            ids.Add((await sp.GetRequiredService<CaptureIngestor>().IngestAsync(camera, new CaptureUpload(image, IdempotencyKey: $"crash-{i}"), Token)).Id);
        return (tenantId, ids);
    }

    private static async Task<List<Capture>> WaitAsync(IHost host, Guid tenantId, WorkerProcess worker, Func<List<Capture>, bool> done)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var captures = await CapturesAsync(host, tenantId);
            if (done(captures))
                return captures;
            if (worker.HasExited || DateTime.UtcNow > deadline)
                throw new TimeoutException(
                    $"Captures: {string.Join(", ", captures.GroupBy(c => c.Status).Select(g => $"{g.Key} {g.Count()}"))}. Worker output:\n{worker.Output}");
            await Task.Delay(25);
        }
    }

    private static async Task<List<Capture>> CapturesAsync(IHost host, Guid tenantId)
    {
        await using var scope = host.Services.GetRequiredService<TenantScopeFactory>().CreateScope(tenantId);
        return await scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>().Captures.AsNoTracking().ToListAsync();
    }

    private static async Task<Dictionary<Guid, int>> DetectionCountsAsync(IHost host, Guid tenantId)
    {
        await using var scope = host.Services.GetRequiredService<TenantScopeFactory>().CreateScope(tenantId);
        return await scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>().Detections
            .GroupBy(d => d.CaptureId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_data, recursive: true); }
        catch (IOException) { /* a leftover temp folder is harmless */ }
    }
}
