using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ShelfCloud.Domain.Catalog;
using ShelfCloud.Infrastructure.Blobs;
using ShelfCloud.Infrastructure.Captures;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Onboarding;
using ShelfCloud.Infrastructure.ReferenceImages;
using ShelfCloud.Vision.Tooling.Synthetic;
using SkiaSharp;

namespace ShelfCloud.Infrastructure.Demo;

/// <summary>Progress of the demo history, for logs and the jobs page.</summary>
public sealed record DemoHistoryProgress(int CapturesIngested, int CapturesTotal);

/// <summary>
/// Gives the demo tenant a life: a catalog of real products (<see cref="DemoDataOptions.ProductPhotos"/>: two photos of
/// each are its reference images; without the folder, synthetic packshots), and for every demo shelf
/// <see cref="DemoDataOptions.Days"/> days of shelf photos made of the other photos (depletion, restocking, moved products,
/// a new SKU half-way, a product outside the catalog) ingested through the real capture path, so the real jobs recognise
/// them, errors included. Morning captures every few days carry ground truth that
/// <see cref="DemoAnnotator"/> turns into annotations once they are recognised. Idempotent: resumes where it stopped.
/// Runs in a scope that has entered the demo tenant.
/// </summary>
public sealed class DemoHistorySeeder(
    IDbContextFactory<ShelfCloudDbContext> dbFactory, CaptureIngestor ingestor, ReferenceImageUploads references, IBlobStore blobs,
    IOptions<DemoDataOptions> options, TimeProvider clock, ILogger<DemoHistorySeeder> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task SeedAsync(Guid tenantId, IProgress<DemoHistoryProgress>? progress = null, CancellationToken ct = default)
    {
        var settings = options.Value;
        using var photos = settings.ProductPhotos is { Length: > 0 } folder && Directory.Exists(folder)
            ? PhotoCatalog.Load(folder, settings.Skus, settings.RandomSeed) : null;
        var catalog = photos?.Catalog ?? SyntheticCatalog.Generate(settings.Skus, settings.RandomSeed);
        var skuIds = await EnsureCatalogAsync(catalog, ct);
        await EnsureReferenceImagesAsync(catalog, skuIds, photos, ct);
        var drawn = photos?.Skus ?? catalog;
        var novelties = photos is null ? null
            : new ShelfNovelties(Enumerable.Range(0, photos.CatalogCount).ToList(), Enumerable.Range(photos.CatalogCount, photos.Skus.Count - photos.CatalogCount).ToList());

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var cameras = await db.Cameras.AsNoTracking().OrderBy(c => c.Name)
            .Select(c => new CameraIdentity(c.Id, c.TenantId, c.ShelfId, c.Shelf!.StoreId, c.Name)).ToListAsync(ct);
        var start = new DateTimeOffset(clock.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero).AddDays(-settings.Days);
        var total = cameras.Count * settings.Days * SyntheticDatasetOptions.CaptureHours.Length;
        var done = 0;
        for (var shelf = 0; shelf < cameras.Count; shelf++)
        {
            var camera = cameras[shelf];
            var random = new Random(StableSeed.Of(settings.RandomSeed, shelf));
            var plan = ShelfPlanner.Plan(catalog, random, 1024, 768);
            var pose = CameraPose.Random(random, plan.Width, plan.Height);
            IFacingArt? art = photos is null ? null : new PhotoArt(photos, settings.ReferencePhotos);
            foreach (var moment in ShelfTimeline.Simulate(plan, settings.Days, random, novelties))
            {
                ct.ThrowIfCancellationRequested();
                var conditions = CaptureConditions.Random(random, plan.Width, plan.Height);
                using var rendered = ShelfRenderer.Render(moment.Plan, drawn, moment.Present, pose, conditions, random, art);
                var takenAt = start.AddDays(moment.Day).AddHours(moment.Hour);
                var key = $"demo-{camera.CameraId:N}-{moment.Day:D2}-{moment.Hour:D2}";
                var receipt = await ingestor.IngestAsync(camera, new CaptureUpload(Jpeg(rendered.Image), takenAt, key), ct);
                if (receipt.Created && moment.Hour == SyntheticDatasetOptions.CaptureHours[0] && moment.Day % settings.AnnotateEveryDays == 0)
                    await SaveGroundTruthAsync(camera.TenantId, receipt.Id, rendered, skuIds, drawn, ct);
                progress?.Report(new DemoHistoryProgress(++done, total));
            }
        }
        logger.LogInformation("Demo history: {Count} captures ({Source}) ingested over {Days} days for {Shelves} shelves",
            done, photos?.ToString() ?? "synthetic packshots", settings.Days, cameras.Count);
    }

    private async Task<Dictionary<string, Guid>> EnsureCatalogAsync(IReadOnlyList<SyntheticSku> synthetic, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var existing = await db.Skus.ToDictionaryAsync(s => s.Code, s => s.Id, ct);
        foreach (var sku in synthetic.Where(s => !existing.ContainsKey(s.Code)))
        {
            var row = new Sku
            {
                Code = sku.Code, Gtin = sku.Gtin, Name = sku.Name, Brand = sku.Brand, Manufacturer = sku.Manufacturer,
                Category = sku.Category, Size = sku.Size, Flavor = sku.Flavor, Shape = sku.Shape, CreatedAt = clock.GetUtcNow(),
            };
            db.Skus.Add(row);
            existing[sku.Code] = row.Id;
        }
        await db.SaveChangesAsync(ct);
        return existing;
    }

    /// <summary>A product's first photos, or its drawn packshot, as its reference images (cold start).</summary>
    private async Task EnsureReferenceImagesAsync(IReadOnlyList<SyntheticSku> catalog, Dictionary<string, Guid> skuIds, PhotoCatalog? photos, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var withReferences = (await db.ReferenceImages.Select(r => r.SkuId).Distinct().ToListAsync(ct)).ToHashSet();
        for (var i = 0; i < catalog.Count; i++)
        {
            if (withReferences.Contains(skuIds[catalog[i].Code]))
                continue;
            if (photos is null)
            {
                using var packshot = PackshotRenderer.RenderPackshot(catalog[i], 192);
                using var png = packshot.Encode(SKEncodedImageFormat.Png, 100);
                await references.UploadAsync(skuIds[catalog[i].Code], png.ToArray(), ct);
                continue;
            }

            foreach (var photo in photos.PhotosOf(i).Take(Math.Max(1, options.Value.ReferencePhotos)))
                await references.UploadAsync(skuIds[catalog[i].Code], Jpeg(photo), ct);
        }
    }

    private async Task SaveGroundTruthAsync(Guid tenantId, Guid captureId, RenderedShelf rendered, Dictionary<string, Guid> skuIds,
        IReadOnlyList<SyntheticSku> synthetic, CancellationToken ct)
    {
        // A product outside the catalog has no SKU to annotate: the annotator leaves it for the unknown-product inbox.
        var truth = new DemoGroundTruth(rendered.Boxes.Where(b => b.ClassId == ShelfRenderer.ProductClass && skuIds.ContainsKey(synthetic[b.SkuIndex].Code))
            .Select(b => new DemoGroundTruthBox(skuIds[synthetic[b.SkuIndex].Code], b.Box.X1, b.Box.Y1, b.Box.X2, b.Box.Y2)).ToList());
        await blobs.PutAsync(tenantId, DemoGroundTruth.BlobName(captureId), new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(truth, Json)), "application/json", ct);
    }

    private static byte[] Jpeg(SKBitmap image)
    {
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 85);
        return data.ToArray();
    }
}
