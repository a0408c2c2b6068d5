using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Domain.Analytics;
using ShelfCloud.Domain.Availability;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Catalog;
using ShelfCloud.Domain.Onboarding;
using ShelfCloud.Domain.Recognition;
using ShelfCloud.Domain.Shelves;
using ShelfCloud.Domain.Tenancy;
using ShelfCloud.Infrastructure.Availability;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Identity;
using ShelfCloud.Infrastructure.Onboarding;
using ShelfCloud.Infrastructure.Tenancy;

namespace ShelfCloud.Benchmarks.Core.Portal;

/// <summary>What the seeder wrote, and who can sign in to look at it.</summary>
public sealed record PortalBenchmarkData(
    Guid TenantId, string TenantSlug, string ManagerEmail, string SupplierEmail, string SupplierUserId, string SupplierBrand,
    IReadOnlyList<Guid> StoreIds, IReadOnlyList<Guid> ShelfIds, int Captures, int Detections, int Skus, int Events, TimeSpan Took,
    int CatalogSkus);

/// <summary>
/// Fills an empty SQLite database with one tenant's shelves and a history of captures: detections, the per-capture
/// figures the analysis would write (measured with the same <see cref="CaptureMeasurer"/>), reviews, annotations and
/// the out-of-stock events <see cref="OutOfStockTracker"/> raises over that history. Raw prepared inserts in a few
/// large transactions: a million detections take a minute or so instead of hours through the pipeline.
/// This class sets up the tenant (catalog, stores, shelves, cameras, users) and drives the history; the shelves' stock is
/// simulated by <see cref="ShelfSimulation"/> and the rows are written by <see cref="HistoryWriter"/>.
/// </summary>
public sealed class PortalBenchmarkSeeder(IServiceProvider services, TimeProvider clock)
{
    /// <summary>The bench users' password.</summary>
    public const string Password = "Bench!2345";

    private const int RowsPerCommit = 200_000;
    private static readonly string[] Categories = ["Dairy", "Drinks", "Snacks", "Beer", "Cosmetics"];

    /// <summary>Seeds; the database must be migrated and have no tenant with slug <c>bench</c>.</summary>
    public async Task<PortalBenchmarkData> SeedAsync(PortalBenchmarkSettings settings, Action<string> progress, CancellationToken ct = default)
    {
        var started = clock.GetTimestamp();
        var random = new Random(settings.Seed);
        Guid tenantId;
        await using (var platform = services.CreateAsyncScope())
            tenantId = (await platform.ServiceProvider.GetRequiredService<TenantProvisioning>().CreateAsync("bench", "Benchmark Retail", ct)).Id;

        await using var scope = services.GetRequiredService<TenantScopeFactory>().CreateScope(tenantId, "bench-seed");
        var skus = await SeedCatalogAsync(scope.ServiceProvider, settings, ct);
        var shelves = await SeedLayoutAsync(scope.ServiceProvider, settings, skus, random, clock.GetUtcNow(), ct);
        var users = scope.ServiceProvider.GetRequiredService<TenantUsers>();
        var supplierBrand = skus[0].Brand;
        await users.CreateAsync(new NewTenantUser("manager@bench.shelfcloud.test", "Bench manager", Password, Roles.StoreManager), ct);
        var supplierId = await users.CreateAsync(new NewTenantUser("supplier@bench.shelfcloud.test", "Bench supplier", Password, Roles.Supplier, [supplierBrand]), ct);
        progress($"tenant 'bench': {settings.Stores} stores, {settings.Shelves} shelves, {skus.Count} SKUs");

        var written = await SeedHistoryAsync(scope.ServiceProvider, tenantId, settings, shelves, random, progress, ct);
        return new PortalBenchmarkData(
            tenantId, "bench", "manager@bench.shelfcloud.test", "supplier@bench.shelfcloud.test", supplierId, supplierBrand,
            shelves.Select(s => s.StoreId).Distinct().ToList(), shelves.Select(s => s.ShelfId).ToList(),
            written.Captures, written.Detections, skus.Count, written.Events, clock.GetElapsedTime(started),
            Math.Max(skus.Count, settings.CatalogSkus));
    }

    private sealed record Written(int Captures, int Detections, int Events);

    /// <summary>SKUs that are never on a shelf, up to <see cref="PortalBenchmarkSettings.CatalogSkus"/>, in batches.</summary>
    private static async Task SeedLongTailAsync(ShelfCloudDbContext db, PortalBenchmarkSettings settings, int onShelves, CancellationToken ct)
    {
        const int Batch = 2_000;
        var shapes = Enum.GetValues<ProductShape>();
        for (var start = onShelves; start < settings.CatalogSkus; start += Batch)
        {
            var end = Math.Min(start + Batch, settings.CatalogSkus);
            db.Skus.AddRange(Enumerable.Range(start, end - start).Select(i => new Sku
            {
                Code = $"T{i:D6}", Gtin = $"20{i:D11}", Name = $"Tail {i % 700:D3} item {i:D6}", Brand = $"Tail brand {i % 400:D3}",
                Manufacturer = $"Tail maker {i % 90:D2}", Category = Categories[i % Categories.Length], Shape = shapes[i % shapes.Length],
            }));
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
    }

    private static async Task<List<Sku>> SeedCatalogAsync(IServiceProvider scope, PortalBenchmarkSettings settings, CancellationToken ct)
    {
        var db = scope.GetRequiredService<ShelfCloudDbContext>();
        var skus = Enumerable.Range(0, settings.Brands).SelectMany(brand => Enumerable.Range(0, PortalBenchmarkSettings.SkusPerBrand).Select(i => new Sku
        {
            Code = $"B{brand:D2}-{i:D3}", Name = $"Brand {brand:D2} product {i:D3}", Brand = $"Brand {brand:D2}",
            Manufacturer = $"Maker {brand / 2:D2}", Category = Categories[brand % Categories.Length], Shape = ProductShape.Box,
        })).ToList();
        db.Skus.AddRange(skus);
        await db.SaveChangesAsync(ct);
        await SeedLongTailAsync(db, settings, skus.Count, ct);
        return skus;
    }

    private static async Task<List<SeededShelf>> SeedLayoutAsync(
        IServiceProvider scope, PortalBenchmarkSettings settings, IReadOnlyList<Sku> skus, Random random, DateTimeOffset seenAt, CancellationToken ct)
    {
        var db = scope.GetRequiredService<ShelfCloudDbContext>();
        var shelves = new List<SeededShelf>();
        for (var s = 0; s < settings.Stores; s++)
        {
            var store = new Store { Name = $"Bench store {s + 1:D2}" };
            db.Stores.Add(store);
            for (var i = 0; i < settings.ShelvesPerStore; i++)
            {
                var category = Categories[i % Categories.Length];
                var shelf = new Shelf { StoreId = store.Id, Name = $"{category} {i + 1:D2}", Category = category };
                var camera = new Camera
                {
                    ShelfId = shelf.Id, Name = $"cam-{s + 1:D2}-{i + 1:D2}", ApiKeyHash = Convert.ToHexString(Guid.NewGuid().ToByteArray()),
                    ApiKeyPrefix = "sc_bench", CaptureIntervalMinutes = settings.CaptureIntervalMinutes, LastSeenAt = seenAt,
                };
                db.AddRange(shelf, camera);
                shelves.Add(new SeededShelf(store.Id, shelf.Id, camera.Id, Planogram(skus.Where(k => k.Category == category).ToList(), settings.SlotsPerShelf, random)));
            }
        }

        await db.SaveChangesAsync(ct);
        return shelves;
    }

    /// <summary>Blocks of 2–5 facings of one SKU, left to right, row after row.</summary>
    private static Guid[] Planogram(IReadOnlyList<Sku> category, int slots, Random random)
    {
        var planogram = new Guid[slots];
        for (var i = 0; i < slots;)
        {
            var sku = category[random.Next(category.Count)].Id;
            for (var block = random.Next(2, 6); block > 0 && i < slots; block--)
                planogram[i++] = sku;
        }

        return planogram;
    }

    private async Task<Written> SeedHistoryAsync(
        IServiceProvider scope, Guid tenantId, PortalBenchmarkSettings settings, IReadOnlyList<SeededShelf> shelves, Random random,
        Action<string> progress, CancellationToken ct)
    {
        await using var db = await scope.GetRequiredService<IDbContextFactory<ShelfCloudDbContext>>().CreateDbContextAsync(ct);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(ct);
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;";
            await pragma.ExecuteNonQueryAsync(ct);
        }

        var now = clock.GetUtcNow();
        var capturesPerShelf = CapturesPerShelf(settings, shelves, now);
        var first = now.AddMinutes(-settings.CaptureIntervalMinutes * (capturesPerShelf - 1));
        var measurer = new CaptureMeasurer(new AvailabilityOptions());
        var writer = new HistoryWriter(connection, db.Model, tenantId);
        var stock = new Random(settings.Seed + 1);
        var simulations = shelves.Select(s => new ShelfSimulation(s, stock)).ToList();
        long detectionId = 0;
        var events = new List<OutOfStockEvent>();
        for (var k = 0; k < capturesPerShelf; k++)
        {
            var takenAt = first.AddMinutes(settings.CaptureIntervalMinutes * k);
            foreach (var shelf in simulations)
            {
                var products = shelf.Step(takenAt);
                var captureId = Guid.NewGuid();
                var reviewed = products.Select(_ => random.NextDouble() < settings.ReviewedShare ? Review(random) : ReviewStatus.Unreviewed).ToList();
                writer.Capture(shelf.Shelf, captureId, takenAt, products, reviewed, ref detectionId, annotate: shelf.AnnotateNow(takenAt));
                var kept = products.Where((_, i) => reviewed[i] != ReviewStatus.Rejected).Select(p => new MeasuredProduct(p.Box, p.SkuId)).ToList();
                writer.Figures(shelf.Shelf, captureId, takenAt, measurer.Measure(kept), AcceptanceRate.Of(reviewed));
                events.AddRange(shelf.Track(takenAt, products));
            }

            if (writer.Rows >= RowsPerCommit)
            {
                writer.Commit();
                progress($"{writer.Detections:N0} detections in {writer.Captures:N0} captures");
            }
        }

        writer.Events(events.Concat(simulations.SelectMany(s => s.OpenEvents())));
        writer.Commit();
        writer.Dispose();
        await CheckReadableAsync(scope, writer, ct);
        return new Written(writer.Captures, writer.Detections, writer.EventCount);
    }

    /// <summary>
    /// Captures per shelf for the detections asked for: a dry run of the stock simulation measures how many facings
    /// stand on a shelf on average, and 1 % is added so the real run, whose days fall on other hours, reaches the target.
    /// </summary>
    private static int CapturesPerShelf(PortalBenchmarkSettings settings, IReadOnlyList<SeededShelf> shelves, DateTimeOffset now)
    {
        var estimate = (int)Math.Ceiling(settings.Detections / (settings.Shelves * settings.SlotsPerShelf * 0.85));
        var first = now.AddMinutes(-settings.CaptureIntervalMinutes * (estimate - 1));
        var stock = new Random(settings.Seed + 1);
        var simulations = shelves.Select(s => new ShelfSimulation(s, stock)).ToList();
        long products = 0;
        for (var k = 0; k < estimate; k++)
            products += simulations.Sum(s => s.Step(first.AddMinutes(settings.CaptureIntervalMinutes * k)).Count);
        var perCapture = (double)products / (estimate * (long)shelves.Count);
        return (int)Math.Ceiling(settings.Detections * 1.01 / (shelves.Count * perCapture));
    }

    private static ReviewStatus Review(Random random) => random.NextDouble() switch
    {
        < 0.85 => ReviewStatus.Accepted,
        < 0.95 => ReviewStatus.Corrected,
        _ => ReviewStatus.Rejected,
    };

    /// <summary>The inserts bypass EF; reading the counts back through it proves the conversions match the model.</summary>
    private static async Task CheckReadableAsync(IServiceProvider scope, HistoryWriter writer, CancellationToken ct)
    {
        await using var db = await scope.GetRequiredService<IDbContextFactory<ShelfCloudDbContext>>().CreateDbContextAsync(ct);
        var captures = await db.Captures.CountAsync(c => c.Status == CaptureStatus.Recognized, ct);
        var detections = await db.Detections.CountAsync(ct);
        var stats = await db.CaptureShelfStats.CountAsync(ct);
        if (captures != writer.Captures || detections != writer.Detections || stats != writer.Captures)
        {
            throw new InvalidOperationException(
                $"Seeded {writer.Captures} captures and {writer.Detections} detections, but the DbContext reads {captures}, {detections} and {stats} figure rows.");
        }
    }
}
