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

    /// <summary>
    /// CI runs one kill with 3-second leases. For the figure in the README, run it with the product's own leases and ten
    /// kills: <c>SHELFCLOUD_CRASH_ROUNDS=10 SHELFCLOUD_CRASH_LEASE_SECONDS=30 SHELFCLOUD_CRASH_REPORT=crash.txt</c>; each
    /// round's time from the restart to the last capture Recognized goes to the test output and that file.
    /// </summary>
    [Fact]
    public async Task Captures_of_a_worker_killed_mid_batch_are_all_recognised_exactly_once_after_a_restart()
    {
        var rounds = int.TryParse(System.Environment.GetEnvironmentVariable("SHELFCLOUD_CRASH_ROUNDS"), out var r) ? r : 1;
        var leaseSeconds = int.TryParse(System.Environment.GetEnvironmentVariable("SHELFCLOUD_CRASH_LEASE_SECONDS"), out var l) ? l : 3;
        var (tenantId, camera) = await SetUpAsync();
        using var host = LocalHost();
        var all = new List<Guid>();
        for (var round = 1; round <= rounds; round++)
        {
            var ids = await IngestAsync(camera, tenantId, round);
            all.AddRange(ids);
            List<Capture> atKill;
            using (var first = WorkerProcess.Start(Environment(leaseSeconds)))
            {
                atKill = await WaitAsync(host, tenantId, first, captures => Of(captures, ids) is var mine
                    && mine.Any(c => c.Status == CaptureStatus.Recognized) && mine.Any(c => c.Status == CaptureStatus.Processing));
                await first.KillAsync();
            }

            // Killed with a batch claimed but not recorded: only a restart can finish the work.
            Of(atKill, ids).ShouldContain(c => c.Status == CaptureStatus.Processing);
            var restart = System.Diagnostics.Stopwatch.StartNew();
            using (var second = WorkerProcess.Start(Environment(leaseSeconds)))
            {
                var done = await WaitAsync(host, tenantId, second, captures => Of(captures, ids).All(c => c.Status == CaptureStatus.Recognized));
                Of(done, ids).Count.ShouldBe(Captures);
                Report(
                    $"round {round}: killed with {Of(atKill, ids).Count(c => c.Status == CaptureStatus.Processing)} capture(s) Processing; " +
                    $"all {Captures} Recognized {restart.Elapsed.TotalSeconds:F1} s after the restart (lease {leaseSeconds} s)");
                restart.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(leaseSeconds + 30), "a dead worker's captures are taken over within a lease");
                await second.KillAsync();
            }
        }

        var detections = await DetectionCountsAsync(host, tenantId);
        detections.Keys.ShouldBe(all, ignoreOrder: true);
        detections.Values.ShouldAllBe(count => count == DetectionsPerCapture, "a capture recognised twice would have its detections twice");
    }

    /// <summary>To the test output, and appended to the file <c>SHELFCLOUD_CRASH_REPORT</c> names, if any.</summary>
    private static void Report(string line)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        if (System.Environment.GetEnvironmentVariable("SHELFCLOUD_CRASH_REPORT") is { Length: > 0 } path)
            File.AppendAllText(path, line + "\n");
    }

    private static List<Capture> Of(List<Capture> captures, List<Guid> ids) => captures.Where(c => ids.Contains(c.Id)).ToList();

    private Dictionary<string, string> Environment(int leaseSeconds) => new()
    {
        [DataFolder.EnvironmentVariable] = _data,
        ["DOTNET_ENVIRONMENT"] = "Production",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__Console__FormatterName"] = "simple",
        ["Models__Detector"] = TestModels.Detector,
        ["Models__Embedder"] = TestModels.Embedder,
        ["Inference__IntraOpThreads"] = "1",
        ["Inference__InterOpThreads"] = "1",
        ["Jobs__LeaseSeconds"] = leaseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Jobs__BatchSize"] = "2",
        ["Jobs__MaxQueuedBatches"] = "1",
        ["Jobs__WorkerCount"] = "1",
        ["Jobs__DispatchIntervalSeconds"] = "1",
    };

    /// <summary>The same services in this process, never started: migrates, ingests and reads the database like the portal does.</summary>
    private IHost LocalHost() =>
        WorkerHost.CreateBuilder([], new Dictionary<string, string?> { [DataFolder.EnvironmentVariable] = _data }).Build();

    private async Task<(Guid TenantId, CameraIdentity Camera)> SetUpAsync()
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
        return (tenantId, (await sp.GetRequiredService<CameraKeyResolver>().ResolveAsync(issued.ApiKey, Token))!);
    }

    private async Task<List<Guid>> IngestAsync(CameraIdentity camera, Guid tenantId, int round)
    {
        using var host = LocalHost();
        await using var tenant = host.Services.GetRequiredService<TenantScopeFactory>().CreateScope(tenantId);
        // A white 1024×512 shelf with three packs where the test detector's boxes land (its 256×128 boxes, scaled).
        var image = TestShelves.ShelfPng(4, TestShelves.Red, TestShelves.Red, TestShelves.Red);
        var ids = new List<Guid>();
        for (var i = 0; i < Captures; i++)
            ids.Add((await tenant.ServiceProvider.GetRequiredService<CaptureIngestor>().IngestAsync(camera, new CaptureUpload(image, IdempotencyKey: $"crash-{round}-{i}"), Token)).Id);
        return ids;
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
