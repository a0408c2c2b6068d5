using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Catalog;
using ShelfCloud.Infrastructure.Availability;
using ShelfCloud.Infrastructure.Blobs;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Onboarding;
using ShelfCloud.Infrastructure.Tenancy;
using ShelfCloud.Web.Tests.Support;

namespace ShelfCloud.Web.Tests.Analytics;

/// <summary>
/// A shelf of a tenant in the test portal with two brands, and the last four half-hourly captures analysed: the first
/// annotated with both brands, the next three without the second brand — so the second brand is out of stock (raised
/// after three captures), the shelf has a gap, and both brands have facings.
/// </summary>
public sealed record AnalyticsScenario(Guid TenantId, Guid StoreId, string StoreName, Guid ShelfId, string ShelfName, Guid LatestCaptureId)
{
    private static readonly byte[] PhotoBytes = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4, 0xFF, 0xD9];

    public static async Task<AnalyticsScenario> SeedAsync(PortalFactory portal, string tenantSlug, string label, string ownBrand, string otherBrand)
    {
        Guid tenantId;
        await using (var platform = portal.Services.CreateAsyncScope())
        {
            var tenants = platform.ServiceProvider.GetRequiredService<TenantProvisioning>();
            tenantId = (await tenants.FindBySlugAsync(tenantSlug) ?? await tenants.CreateAsync(tenantSlug, tenantSlug)).Id;
        }

        await using var scope = portal.Services.GetRequiredService<TenantScopeFactory>().CreateScope(tenantId);
        var services = scope.ServiceProvider;
        var storeName = label + " store";
        var shelfName = label + " shelf";
        var issued = await services.GetRequiredService<CameraOnboarding>().CreateWithPlacementAsync(storeName, shelfName, "cam-" + label.ToLowerInvariant());
        var camera = (await services.GetRequiredService<CameraKeyResolver>().ResolveAsync(issued.ApiKey))!;
        var db = services.GetRequiredService<ShelfCloudDbContext>();
        var own = new Sku { Code = label + "-OWN", Name = ownBrand + " milk", Brand = ownBrand, Manufacturer = ownBrand + " Foods", Category = "Dairy" };
        var other = new Sku { Code = label + "-OTHER", Name = otherBrand + " yoghurt", Brand = otherBrand, Manufacturer = otherBrand + " Foods", Category = "Dairy" };
        db.Skus.AddRange(own, other);
        await db.SaveChangesAsync();

        var now = DateTimeOffset.UtcNow;
        var captures = new List<Capture>();
        for (var i = 3; i >= 0; i--)
        {
            var capture = NewCapture(camera, tenantId, now.AddMinutes(-30 * i - 5));
            AddProduct(capture, own.Id, 0);
            AddProduct(capture, own.Id, 1);
            if (i == 3)
                AddProduct(capture, other.Id, 2);
            AddProduct(capture, own.Id, 3);
            captures.Add(capture);
        }

        db.Captures.AddRange(captures);
        await db.SaveChangesAsync();
        var first = captures[0];
        foreach (var detection in first.Detections)
        {
            db.Annotations.Add(new Annotation
            {
                ShelfId = camera.ShelfId, CaptureId = first.Id, DetectionId = detection.Id, SkuId = detection.PredictedSkuId!.Value,
                X1 = detection.X1, Y1 = detection.Y1, X2 = detection.X2, Y2 = detection.Y2, CapturedAt = first.TakenAt, AnnotatedAt = now,
                AcceptedPrediction = true,
            });
            detection.ReviewStatus = ReviewStatus.Accepted;
        }

        await db.SaveChangesAsync();
        await services.GetRequiredService<CaptureAnalyzer>().AnalyzeAsync(captures.Select(c => c.Id).ToList());
        var blobs = services.GetRequiredService<IBlobStore>();
        foreach (var capture in captures)
            await blobs.PutAsync(tenantId, BlobNames.WithinTenant(tenantId, capture.BlobName), new MemoryStream(PhotoBytes), "image/jpeg");
        return new AnalyticsScenario(tenantId, camera.StoreId, storeName, camera.ShelfId, shelfName, captures[^1].Id);
    }

    private static Capture NewCapture(CameraIdentity camera, Guid tenantId, DateTimeOffset takenAt) => new()
    {
        CameraId = camera.CameraId, ShelfId = camera.ShelfId, StoreId = camera.StoreId, Width = 400, Height = 300,
        TakenAt = takenAt, ReceivedAt = takenAt, RecognizedAt = takenAt, Status = CaptureStatus.Recognized,
        BlobName = BlobNames.Qualify(tenantId, $"captures/analytics/{Guid.NewGuid():N}.jpg"),
    };

    private static void AddProduct(Capture capture, Guid skuId, int slot) => capture.Detections.Add(new Detection
    {
        X1 = 10 + 60 * slot, Y1 = 100, X2 = 60 + 60 * slot, Y2 = 200, DetectorScore = 0.9f, PredictedSkuId = skuId, FinalScore = 0.8f,
    });
}
