using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Catalog;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Onboarding;

namespace ShelfCloud.Infrastructure.Tests.Availability;

/// <summary>
/// One shelf of one tenant with a camera and SKUs, and captures built from slots: each slot is 50 px wide on a single
/// row; a SKU slot is a detection of that SKU, a null slot is an empty facing (no detection), a
/// <see cref="DetectedEmpty"/> slot a detection the detector classed as an empty facing.
/// </summary>
public sealed class ShelfScenario
{
    public const float SlotWidth = 50;

    /// <summary>A slot the detector itself labels as an empty facing (class "empty").</summary>
    public static readonly Guid DetectedEmpty = Guid.Empty;

    private readonly TestDatabase _database;

    private ShelfScenario(TestDatabase database, Guid tenantId, CameraIdentity camera)
    {
        _database = database;
        TenantId = tenantId;
        Camera = camera;
    }

    public Guid TenantId { get; }
    public CameraIdentity Camera { get; }
    public Guid ShelfId => Camera.ShelfId;
    public Guid StoreId => Camera.StoreId;

    public static async Task<ShelfScenario> CreateAsync(TestDatabase database, Guid tenantId, string storeName = "Analysis store")
    {
        await using var scope = database.InTenant(tenantId);
        var issued = await scope.ServiceProvider.GetRequiredService<CameraOnboarding>()
            .CreateWithPlacementAsync(storeName, "Shelf " + Guid.NewGuid().ToString("N")[..8], "cam");
        var camera = (await scope.ServiceProvider.GetRequiredService<CameraKeyResolver>().ResolveAsync(issued.ApiKey))!;
        return new ShelfScenario(database, tenantId, camera);
    }

    public static async Task<Guid> CreateTenantAsync(TestDatabase database, string slugPrefix)
    {
        await using var platform = database.WithoutTenant();
        var slug = $"{slugPrefix}-{Guid.NewGuid().ToString("N")[..6]}";
        return (await platform.ServiceProvider.GetRequiredService<TenantProvisioning>().CreateAsync(slug, slug)).Id;
    }

    public async Task<Guid> AddSkuAsync(string brand, string category = "Dairy", string manufacturer = "")
    {
        await using var scope = _database.InTenant(TenantId);
        var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
        var sku = new Sku { Code = "SKU-" + Guid.NewGuid().ToString("N")[..8], Name = brand + " product", Brand = brand, Category = category, Manufacturer = manufacturer };
        db.Skus.Add(sku);
        await db.SaveChangesAsync();
        return sku.Id;
    }

    /// <summary>A Recognized capture whose detections stand in the given slots, left to right.</summary>
    public async Task<Guid> AddCaptureAsync(DateTimeOffset takenAt, params Guid?[] slots)
    {
        await using var scope = _database.InTenant(TenantId);
        var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
        var capture = new Capture
        {
            CameraId = Camera.CameraId, ShelfId = ShelfId, StoreId = StoreId, BlobName = $"{TenantId}/captures/{Guid.NewGuid():N}.jpg",
            Width = (int)(SlotWidth * Math.Max(1, slots.Length)), Height = 300, TakenAt = takenAt, ReceivedAt = takenAt,
            Status = CaptureStatus.Recognized, RecognizedAt = takenAt,
        };
        for (var i = 0; i < slots.Length; i++)
        {
            if (slots[i] is not { } sku)
                continue;
            var empty = sku == DetectedEmpty;
            capture.Detections.Add(new Detection
            {
                X1 = i * SlotWidth, Y1 = 100, X2 = (i + 1) * SlotWidth, Y2 = 200, DetectorScore = 0.9f, FinalScore = 0.8f,
                PredictedSkuId = empty ? null : sku, DetectorClass = empty ? "empty" : "product",
            });
        }

        db.Captures.Add(capture);
        await db.SaveChangesAsync();
        return capture.Id;
    }

    /// <summary>Analyses the capture as the recognition job does after recording it (figures, out-of-stock events, alerts).</summary>
    public async Task AnalyzeAsync(Guid captureId)
    {
        await using var scope = _database.InTenant(TenantId);
        await scope.ServiceProvider.GetRequiredService<ShelfCloud.Infrastructure.Availability.CaptureAnalyzer>().AnalyzeAsync(captureId);
    }

    /// <summary>
    /// An annotated capture of <paramref name="kept"/> and <paramref name="missing"/> at <paramref name="start"/>, then three
    /// captures half an hour apart without <paramref name="missing"/>, each analysed: the third raises its out-of-stock.
    /// </summary>
    /// <returns>The capture that confirmed the out-of-stock.</returns>
    public async Task<Guid> RaiseOutOfStockAsync(DateTimeOffset start, Guid kept, Guid missing)
    {
        var annotated = await AddCaptureAsync(start, kept, missing);
        await AnnotateAsync(annotated);
        await AnalyzeAsync(annotated);
        Guid confirming = default;
        for (var i = 1; i <= 3; i++)
        {
            confirming = await AddCaptureAsync(start.AddMinutes(30 * i), kept, null);
            await AnalyzeAsync(confirming);
        }

        return confirming;
    }

    /// <summary>Annotations of every SKU slot of the capture: what makes those SKUs the shelf's product list.</summary>
    public async Task AnnotateAsync(Guid captureId)
    {
        await using var scope = _database.InTenant(TenantId);
        var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
        var capture = db.Captures.Single(c => c.Id == captureId);
        foreach (var detection in db.Detections.Where(d => d.CaptureId == captureId).ToList())
        {
            db.Annotations.Add(new Annotation
            {
                ShelfId = ShelfId, CaptureId = captureId, DetectionId = detection.Id, SkuId = detection.PredictedSkuId!.Value,
                X1 = detection.X1, Y1 = detection.Y1, X2 = detection.X2, Y2 = detection.Y2,
                CapturedAt = capture.TakenAt, AnnotatedAt = capture.TakenAt, AcceptedPrediction = true,
            });
            detection.ReviewStatus = ReviewStatus.Accepted;
        }

        await db.SaveChangesAsync();
    }
}
