using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Catalog;
using ShelfCloud.Infrastructure.Blobs;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Onboarding;
using ShelfCloud.Infrastructure.Tenancy;
using ShelfCloud.Web.Tests.Support;

namespace ShelfCloud.Web.Tests.Shelves;

public sealed class RealgramViewTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static readonly byte[] PhotoBytes = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4, 0xFF, 0xD9];

    /// <summary>A recognised capture on one of the tenant's shelves: two detections, one moved by the realgram.</summary>
    private async Task<Guid> SeedCaptureAsync(string tenantSlug, string skuPrefix)
    {
        Guid tenantId;
        await using (var platform = portal.Services.CreateAsyncScope())
        {
            var tenants = platform.ServiceProvider.GetRequiredService<TenantProvisioning>();
            tenantId = (await tenants.FindBySlugAsync(tenantSlug) ?? await tenants.CreateAsync(tenantSlug, tenantSlug)).Id;
        }
        await using var scope = portal.Services.GetRequiredService<TenantScopeFactory>().CreateScope(tenantId);
        var cameras = scope.ServiceProvider.GetRequiredService<CameraOnboarding>();
        var camera = await cameras.CreateWithPlacementAsync("View store", "View shelf " + skuPrefix, "cam-" + Guid.NewGuid().ToString("N")[..6]);
        var identity = (await scope.ServiceProvider.GetRequiredService<CameraKeyResolver>().ResolveAsync(camera.ApiKey))!;
        var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
        var milk = new Sku { Code = skuPrefix + "-MILK", Name = skuPrefix + " Milk", Brand = "Nordkind" };
        var oat = new Sku { Code = skuPrefix + "-OAT", Name = skuPrefix + " Oat drink", Brand = "Nordkind" };
        var capture = new Capture
        {
            CameraId = identity.CameraId, ShelfId = identity.ShelfId, StoreId = identity.StoreId, Width = 400, Height = 300,
            TakenAt = DateTimeOffset.UtcNow, ReceivedAt = DateTimeOffset.UtcNow, Status = CaptureStatus.Recognized,
            BlobName = BlobNames.Qualify(tenantId, $"captures/view/{Guid.NewGuid():N}.jpg"),
        };
        capture.Detections.Add(new Detection
        {
            X1 = 10, Y1 = 20, X2 = 60, Y2 = 120, DetectorScore = 0.9f, PredictedSkuId = milk.Id, FinalScore = 0.81f,
            Candidates = [new() { SkuId = milk.Id, VisualScore = 0.81f, FinalScore = 0.81f }, new() { SkuId = oat.Id, VisualScore = 0.6f, FinalScore = 0.6f }],
        });
        capture.Detections.Add(new Detection
        {
            X1 = 70, Y1 = 20, X2 = 120, Y2 = 120, DetectorScore = 0.8f, PredictedSkuId = oat.Id, FinalScore = 0.9f,
            Candidates = [new() { SkuId = oat.Id, VisualScore = 0.7f, RealgramCoefficient = 0.8f, FinalScore = 0.9f }, new() { SkuId = milk.Id, VisualScore = 0.75f, FinalScore = 0.75f }],
        });
        db.AddRange(milk, oat, capture);
        await db.SaveChangesAsync();
        await scope.ServiceProvider.GetRequiredService<IBlobStore>().PutAsync(tenantId, BlobNames.WithinTenant(tenantId, capture.BlobName), new MemoryStream(PhotoBytes), "image/jpeg");
        return capture.Id;
    }

    [Fact]
    public async Task Capture_page_draws_every_detection_and_the_shelf_list_links_to_it()
    {
        var captureId = await SeedCaptureAsync("demo", "RV");
        var manager = await portal.SignedInClientAsync(DemoUsers.StoreManager);

        var html = await manager.GetStringAsync($"/captures/{captureId}");
        html.Split("data-testid=\"detection-box\"").Length.ShouldBe(3);
        html.ShouldContain("RV Oat drink (0.90)");
        html.ShouldContain($"/api/v1/captures/{captureId}/photo");

        (await manager.GetStringAsync("/shelves")).ShouldContain($"/captures/{captureId}");
    }

    [Fact]
    public async Task Photo_is_served_to_the_tenant_only()
    {
        var ours = await SeedCaptureAsync("demo", "PH");
        var theirs = await SeedCaptureAsync("view-other", "THEIRS");
        var annotator = await portal.SignedInClientAsync(DemoUsers.Annotator);

        var photo = await annotator.GetAsync($"/api/v1/captures/{ours}/photo");
        photo.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await photo.Content.ReadAsByteArrayAsync()).ShouldBe(PhotoBytes);
        (await annotator.GetAsync($"/api/v1/captures/{theirs}/photo")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await annotator.GetStringAsync($"/captures/{theirs}")).ShouldContain("does not exist in your tenant");
        (await annotator.GetStringAsync("/shelves")).ShouldNotContain("THEIRS");

        var supplier = await portal.SignedInClientAsync(DemoUsers.Supplier);
        (await supplier.GetAsync($"/api/v1/captures/{ours}/photo")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
