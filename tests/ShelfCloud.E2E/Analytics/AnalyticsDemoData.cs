using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Catalog;
using ShelfCloud.Infrastructure.Availability;
using ShelfCloud.Infrastructure.Blobs;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Demo;
using ShelfCloud.Infrastructure.Onboarding;
using ShelfCloud.Infrastructure.Tenancy;
using ShelfCloud.Vision.Tooling.Synthetic;
using SkiaSharp;

namespace ShelfCloud.E2E.Analytics;

/// <summary>
/// The last three days of two demo shelves (Riverside Market · Dairy A1 and Drinks A2), seeded once for the suite:
/// a synthetic shelf photo each, hourly captures whose detections are the photo's ground-truth boxes with
/// facings selling out during the day, the first capture annotated, and one Fjordmjolk SKU of Dairy A1 out of stock for
/// the last few hours — then every capture analysed by the real <see cref="CaptureAnalyzer"/>.
/// </summary>
internal static class AnalyticsDemoData
{
    public const string Store = "Riverside Market";
    public const string DairyShelf = "Dairy A1";
    public const string SupplierBrand = "Nordkind";

    private const int Captures = 72;
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _outOfStockSku;

    /// <summary>Seeds on the first call; returns the name of the SKU that is out of stock on Dairy A1.</summary>
    public static async Task<string> EnsureAsync(PortalFixture portal)
    {
        await Gate.WaitAsync();
        try
        {
            return _outOfStockSku ??= await SeedAsync(portal.Services);
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<string> SeedAsync(IServiceProvider services)
    {
        Guid tenantId;
        await using (var platform = services.CreateAsyncScope())
            tenantId = (await platform.ServiceProvider.GetRequiredService<TenantProvisioning>().FindBySlugAsync(DemoSeeder.Slug))!.Id;
        await using var scope = services.GetRequiredService<TenantScopeFactory>().CreateScope(tenantId, "e2e-seed");
        var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
        var catalog = SyntheticCatalog.Generate(60, seed: 7);
        var skus = catalog.Select(s => new Sku
        {
            Code = "E2E-" + s.Code, Gtin = null, Name = s.Name, Brand = s.Brand, Manufacturer = s.Manufacturer, Category = s.Category,
            Size = s.Size, Flavor = s.Flavor, Shape = s.Shape,
        }).ToList();
        db.Skus.AddRange(skus);
        await db.SaveChangesAsync();

        var dairy = await SeedShelfAsync(scope.ServiceProvider, tenantId, DairyShelf, catalog, skus, "Dairy", stockOutBrand: "Fjordmjolk", seed: 11);
        await SeedShelfAsync(scope.ServiceProvider, tenantId, "Drinks A2", catalog, skus, "Drinks", stockOutBrand: null, seed: 12);
        return dairy;
    }

    /// <returns>The name of the SKU that goes out of stock, or "" when none does.</returns>
    private static async Task<string> SeedShelfAsync(
        IServiceProvider services, Guid tenantId, string shelfName, IReadOnlyList<SyntheticSku> catalog, IReadOnlyList<Sku> skus,
        string category, string? stockOutBrand, int seed)
    {
        var db = services.GetRequiredService<ShelfCloudDbContext>();
        var shelf = await db.Shelves.Include(s => s.Cameras).SingleAsync(s => s.Name == shelfName && s.Store!.Name == Store);
        var random = new Random(seed);
        var inCategory = catalog.Select((sku, index) => (sku, index)).Where(x => x.sku.Category == category).ToList();
        var local = inCategory.Select(x => x.sku).ToList();
        var plan = ShelfPlanner.Plan(local, random);
        var facings = plan.AllFacings.ToList();
        var stockOut = stockOutBrand is null ? -1 : facings.Select(f => f.SkuIndex).First(i => local[i].Brand == stockOutBrand);

        var now = DateTimeOffset.UtcNow;
        var presence = new List<bool[]>();
        var present = Enumerable.Repeat(true, facings.Count).ToArray();
        for (var k = 0; k < Captures; k++)
        {
            var takenAt = now.AddHours(-(Captures - 1 - k));
            if (takenAt.Hour == 6)
                Array.Fill(present, true);
            else
            {
                for (var i = 0; i < present.Length; i++)
                    present[i] &= random.NextDouble() >= 0.02;
            }

            var snapshot = (bool[])present.Clone();
            if (k >= Captures - 8)
            {
                for (var i = 0; i < facings.Count; i++)
                    snapshot[i] &= facings[i].SkuIndex != stockOut;
            }

            presence.Add(snapshot);
        }

        // One photo per shelf, of its latest state; every capture of the shelf points at it.
        var conditions = new CaptureConditions(LightAngle: 0.8f, LightStrength: 40, Glare: null, BlurSigma: 0, NoiseAmplitude: 4, Occluder: null);
        using var rendered = ShelfRenderer.Render(plan, local, presence[^1], new CameraPose(SKMatrix.Identity, 0f), conditions, random);
        var boxes = rendered.Boxes;
        if (boxes.Count != facings.Count)
            throw new InvalidOperationException($"The renderer returned {boxes.Count} boxes for {facings.Count} facings; detections would not line up.");
        var blobName = BlobNames.Qualify(tenantId, $"captures/e2e/{shelf.Id:N}.jpg");
        using (var data = rendered.Image.Encode(SKEncodedImageFormat.Jpeg, 85))
        {
            await services.GetRequiredService<IBlobStore>().PutAsync(tenantId, BlobNames.WithinTenant(tenantId, blobName), new MemoryStream(data.ToArray()), "image/jpeg");
        }

        var camera = shelf.Cameras.First();
        var captures = new List<Capture>();
        for (var k = 0; k < Captures; k++)
        {
            var takenAt = now.AddHours(-(Captures - 1 - k));
            var capture = new Capture
            {
                CameraId = camera.Id, ShelfId = shelf.Id, StoreId = shelf.StoreId, BlobName = blobName, Width = plan.Width, Height = plan.Height,
                TakenAt = takenAt, ReceivedAt = takenAt, RecognizedAt = takenAt, Status = CaptureStatus.Recognized,
            };
            for (var i = 0; i < boxes.Count; i++)
            {
                if (!presence[k][i])
                    continue;
                var box = boxes[i].Box;
                var sku = skus[inCategory[boxes[i].SkuIndex].index];
                capture.Detections.Add(new Detection
                {
                    X1 = box.X1, Y1 = box.Y1, X2 = box.X2, Y2 = box.Y2, DetectorScore = 0.9f, PredictedSkuId = sku.Id, FinalScore = 0.85f,
                    Candidates = [new DetectionCandidate { SkuId = sku.Id, VisualScore = 0.85f, FinalScore = 0.85f }],
                });
            }

            captures.Add(capture);
        }

        db.Captures.AddRange(captures);
        camera.LastSeenAt = now;
        await db.SaveChangesAsync();
        foreach (var detection in captures[0].Detections)
        {
            db.Annotations.Add(new Annotation
            {
                ShelfId = shelf.Id, CaptureId = captures[0].Id, DetectionId = detection.Id, SkuId = detection.PredictedSkuId!.Value,
                X1 = detection.X1, Y1 = detection.Y1, X2 = detection.X2, Y2 = detection.Y2, CapturedAt = captures[0].TakenAt, AnnotatedAt = now,
                AcceptedPrediction = true,
            });
            detection.ReviewStatus = ReviewStatus.Accepted;
        }

        await db.SaveChangesAsync();
        await services.GetRequiredService<CaptureAnalyzer>().AnalyzeAsync(captures.Select(c => c.Id).ToList());
        return stockOut < 0 ? "" : local[stockOut].Name;
    }
}
