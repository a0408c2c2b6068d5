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

namespace ShelfCloud.Infrastructure.Dashboard;

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
/// Shelves are simulated: a planogram of SKU blocks restocked each morning, facings sold during the day, and now and
/// then a SKU out of stock for hours to days.
/// </summary>
public sealed class PortalBenchmarkSeeder(IServiceProvider services, TimeProvider clock)
{
    /// <summary>The bench users' password.</summary>
    public const string Password = "Bench!2345";

    private const int PhotoWidth = 1280, PhotoHeight = 960, Rows = 3, RowsPerCommit = 200_000;
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

    private sealed record SeededShelf(Guid StoreId, Guid ShelfId, Guid CameraId, Guid[] Planogram);

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

    /// <summary>A product standing in a capture.</summary>
    private readonly record struct SimulatedProduct(BoundingBox Box, Guid? SkuId);

    /// <summary>One shelf's stock over time and the out-of-stock tracking that follows it.</summary>
    private sealed class ShelfSimulation(SeededShelf shelf, Random random)
    {
        private readonly bool[] _present = Enumerable.Repeat(true, shelf.Planogram.Length).ToArray();
        private readonly Dictionary<Guid, int> _stockOuts = [];
        private readonly OutOfStockTracker _tracker = new(new AvailabilityOptions().CapturesToRaise);
        private readonly Dictionary<Guid, OutOfStockEvent> _open = [];
        private DateOnly _lastRestock;
        private DateOnly _lastAnnotation;

        public SeededShelf Shelf { get; } = shelf;

        public List<SimulatedProduct> Step(DateTimeOffset takenAt)
        {
            var day = DateOnly.FromDateTime(takenAt.UtcDateTime);
            foreach (var sku in _stockOuts.Keys.ToList())
            {
                if (--_stockOuts[sku] <= 0)
                    _stockOuts.Remove(sku);
            }

            if (random.NextDouble() < 0.004)
                _stockOuts[Shelf.Planogram[random.Next(Shelf.Planogram.Length)]] = random.Next(6, 90);
            if (takenAt.Hour >= 6 && day != _lastRestock)
            {
                _lastRestock = day;
                Array.Fill(_present, true);
            }
            else
            {
                for (var i = 0; i < _present.Length; i++)
                    _present[i] &= random.NextDouble() >= 0.01;
            }

            var perRow = (int)Math.Ceiling(Shelf.Planogram.Length / (double)Rows);
            var slotWidth = (PhotoWidth - 40f) / perRow;
            var products = new List<SimulatedProduct>(_present.Length);
            for (var i = 0; i < _present.Length; i++)
            {
                if (!_present[i] || _stockOuts.ContainsKey(Shelf.Planogram[i]))
                    continue;
                var (row, column) = (i / perRow, i % perRow);
                var x = 20 + column * slotWidth + (float)random.NextDouble() * 4;
                var y = 40 + row * (PhotoHeight - 80f) / Rows;
                var box = new BoundingBox(x, y + 40, x + slotWidth - 6, y + (PhotoHeight - 80f) / Rows - 10);
                products.Add(new SimulatedProduct(box, random.NextDouble() < 0.02 ? null : Shelf.Planogram[i]));
            }

            return products;
        }

        public bool AnnotateNow(DateTimeOffset takenAt)
        {
            var day = DateOnly.FromDateTime(takenAt.UtcDateTime);
            if (takenAt.Hour < 9 || day.DayNumber - _lastAnnotation.DayNumber < 4)
                return false;
            _lastAnnotation = day;
            return true;
        }

        public IEnumerable<OutOfStockEvent> Track(DateTimeOffset takenAt, IEnumerable<SimulatedProduct> products)
        {
            var closed = new List<OutOfStockEvent>();
            var seen = products.Where(p => p.SkuId is not null).Select(p => p.SkuId!.Value).ToHashSet();
            foreach (var change in _tracker.Observe(takenAt, Shelf.Planogram.Distinct(), seen))
            {
                if (change.Kind == MissingSkuChangeKind.Raised)
                {
                    _open[change.SkuId] = new OutOfStockEvent
                    {
                        StoreId = Shelf.StoreId, ShelfId = Shelf.ShelfId, SkuId = change.SkuId, Kind = OutOfStockKind.MissingSku,
                        StartedAt = change.MissingSince, ConsecutiveCaptures = change.ConsecutiveMisses,
                    };
                }
                else if (_open.Remove(change.SkuId, out var ended))
                {
                    ended.ClearedAt = change.At;
                    ended.ConsecutiveCaptures = change.ConsecutiveMisses;
                    closed.Add(ended);
                }
            }

            return closed;
        }

        public IEnumerable<OutOfStockEvent> OpenEvents() => _open.Values;
    }

    /// <summary>The prepared inserts of one history, committed in large transactions.</summary>
    private sealed class HistoryWriter : IDisposable
    {
        private readonly System.Data.Common.DbConnection _connection;
        private readonly Microsoft.EntityFrameworkCore.Metadata.IModel _model;
        private readonly Guid _tenantId;
        private System.Data.Common.DbTransaction _transaction = null!;
        private SqliteBulkInsert _captures = null!, _detections = null!, _annotations = null!, _stats = null!, _facings = null!;

        public HistoryWriter(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Metadata.IModel model, Guid tenantId)
        {
            _connection = connection;
            _model = model;
            _tenantId = tenantId;
            Begin();
        }

        public int Captures { get; private set; }
        public int Detections { get; private set; }
        public int EventCount { get; private set; }
        public int Rows { get; private set; }

        public void Capture(SeededShelf shelf, Guid captureId, DateTimeOffset takenAt, IReadOnlyList<SimulatedProduct> products,
            IReadOnlyList<ReviewStatus> reviewed, ref long detectionId, bool annotate)
        {
            _captures.Add(captureId, _tenantId, shelf.CameraId, shelf.ShelfId, shelf.StoreId, $"{_tenantId}/captures/bench/{captureId:N}.jpg",
                PhotoWidth, PhotoHeight, takenAt, takenAt, CaptureStatus.Recognized, 1, takenAt, Guid.NewGuid());
            for (var i = 0; i < products.Count; i++)
            {
                var p = products[i];
                var candidates = p.SkuId is { } sku
                    ? JsonSerializer.Serialize(new[] { new { SkuId = sku, VisualScore = 0.82f, RealgramCoefficient = 0.4f, FinalScore = 0.88f } })
                    : "[]";
                _detections.Add(++detectionId, _tenantId, captureId, p.Box.X1, p.Box.Y1, p.Box.X2, p.Box.Y2, 0.9f, p.SkuId, p.SkuId is null ? 0f : 0.88f,
                    reviewed[i], candidates);
                if (annotate && p.SkuId is { } annotatedSku)
                {
                    _annotations.Add(_tenantId, shelf.ShelfId, captureId, detectionId, annotatedSku, p.Box.X1, p.Box.Y1, p.Box.X2, p.Box.Y2,
                        takenAt, takenAt.AddHours(2), true);
                }
            }

            Captures++;
            Detections += products.Count;
            Rows += products.Count + 1;
        }

        public void Figures(SeededShelf shelf, Guid captureId, DateTimeOffset takenAt, CaptureMeasurement measurement, AcceptanceRate reviews)
        {
            var day = DateOnly.FromDateTime(takenAt.UtcDateTime);
            var gaps = JsonSerializer.Serialize(measurement.Gaps.Select(g => new { g.Box.X1, g.Box.Y1, g.Box.X2, g.Box.Y2, g.MissingFacings }));
            _stats.Add(captureId, _tenantId, shelf.StoreId, shelf.ShelfId, takenAt, day, measurement.Products, measurement.EmptyFacings, measurement.Rows,
                reviews.Reviewed, reviews.Accepted, takenAt, gaps);
            foreach (var sku in measurement.Skus)
                _facings.Add(captureId, sku.SkuId, _tenantId, shelf.StoreId, shelf.ShelfId, takenAt, day, sku.Facings, sku.LinearWidth);
            Rows += 1 + measurement.Skus.Count;
        }

        public void Events(IEnumerable<OutOfStockEvent> events)
        {
            using var insert = new SqliteBulkInsert(_connection, _transaction, _model.FindEntityType(typeof(OutOfStockEvent))!,
                "Id", "TenantId", "StoreId", "ShelfId", "SkuId", "Kind", "StartedAt", "ClearedAt", "ConsecutiveCaptures");
            foreach (var e in events)
            {
                insert.Add(e.Id, _tenantId, e.StoreId, e.ShelfId, e.SkuId, e.Kind, e.StartedAt, e.ClearedAt, e.ConsecutiveCaptures);
                EventCount++;
            }
        }

        public void Commit()
        {
            DisposeInserts();
            _transaction.Commit();
            _transaction.Dispose();
            Rows = 0;
            Begin();
        }

        public void Dispose()
        {
            DisposeInserts();
            _transaction.Dispose();
        }

        private void Begin()
        {
            _transaction = _connection.BeginTransaction();
            _captures = Insert<Capture>("Id", "TenantId", "CameraId", "ShelfId", "StoreId", "BlobName", "Width", "Height", "TakenAt", "ReceivedAt",
                "Status", "Attempts", "RecognizedAt", "Version");
            _detections = Insert<Detection>("Id", "TenantId", "CaptureId", "X1", "Y1", "X2", "Y2", "DetectorScore", "PredictedSkuId", "FinalScore",
                "ReviewStatus", "Candidates");
            _annotations = Insert<Annotation>("TenantId", "ShelfId", "CaptureId", "DetectionId", "SkuId", "X1", "Y1", "X2", "Y2",
                "CapturedAt", "AnnotatedAt", "AcceptedPrediction");
            _stats = Insert<CaptureShelfStats>("CaptureId", "TenantId", "StoreId", "ShelfId", "TakenAt", "Day", "Products", "EmptyFacings", "Rows",
                "Reviewed", "Accepted", "AnalyzedAt", "Gaps");
            _facings = Insert<CaptureSkuFacings>("CaptureId", "SkuId", "TenantId", "StoreId", "ShelfId", "TakenAt", "Day", "Facings", "LinearWidth");
        }

        private SqliteBulkInsert Insert<T>(params string[] columns) =>
            new(_connection, _transaction, _model.FindEntityType(typeof(T))!, columns);

        private void DisposeInserts()
        {
            foreach (var insert in new[] { _captures, _detections, _annotations, _stats, _facings })
                insert.Dispose();
        }
    }
}
