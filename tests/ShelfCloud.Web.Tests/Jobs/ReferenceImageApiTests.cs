using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Domain.Catalog;
using ShelfCloud.Infrastructure.ReferenceImages;
using ShelfCloud.Infrastructure.Tenancy;
using ShelfCloud.TestSupport;
using ShelfCloud.Vision.Search;
using ShelfCloud.Web.Tests.Captures;
using ShelfCloud.Web.Tests.Support;
using SkiaSharp;

namespace ShelfCloud.Web.Tests.Jobs;

/// <summary><c>/api/v1/skus/{id}/reference-images</c>: cold start within seconds, tenant-checked both ways.</summary>
public sealed class ReferenceImageApiTests(JobsPortal portal) : IClassFixture<JobsPortal>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_uploaded_reference_image_is_indexed_and_its_sku_becomes_searchable()
    {
        var tenantId = await portal.DemoTenantIdAsync();
        var skuId = await portal.AddSkuAsync(tenantId);
        var admin = await portal.SignedInClientAsync(DemoUsers.TenantAdmin);
        var png = TestImages.SolidPng(48, 64, SKColors.Orange);

        var response = await admin.PostAsync($"/api/v1/skus/{skuId}/reference-images", IngestionPortal.Raw(png, "image/png"), Token);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Token);
        body.GetProperty("status").GetString().ShouldBe("Pending");
        var id = body.GetProperty("id").GetGuid();
        response.Headers.Location!.OriginalString.ShouldBe($"/api/v1/skus/{skuId}/reference-images/{id}");

        var indexed = await JobsPortal.WaitForAsync(() => portal.ReferenceImageAsync(tenantId, id), r => r?.Status == ReferenceImageStatus.Indexed);
        indexed!.BlobName.ShouldBe($"{tenantId}/references/{skuId}/{id}.png");
        var index = portal.Services.GetRequiredService<IVectorIndex>();
        (await index.CountAsync(new VectorFilter(tenantId) { SkuId = skuId, Source = VectorSource.Reference }, Token)).ShouldBeGreaterThan(0);

        var image = await admin.GetAsync($"/api/v1/skus/{skuId}/reference-images/{id}", Token);
        image.StatusCode.ShouldBe(HttpStatusCode.OK);
        image.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        (await image.Content.ReadAsByteArrayAsync(Token)).ShouldBe(png);
        var manager = await portal.SignedInClientAsync(DemoUsers.StoreManager);
        (await manager.GetAsync($"/api/v1/skus/{skuId}/reference-images/{id}", Token)).StatusCode.ShouldBe(HttpStatusCode.OK);

        // The SKU page shows the thumbnail and its status; only admins get the upload control.
        var adminPage = await admin.GetStringAsync($"/catalog/{skuId}", Token);
        adminPage.ShouldContain($"/api/v1/skus/{skuId}/reference-images/{id}");
        adminPage.ShouldContain("Indexed");
        adminPage.ShouldContain("data-testid=\"reference-file\"");
        var managerPage = await manager.GetStringAsync($"/catalog/{skuId}", Token);
        managerPage.ShouldContain($"/api/v1/skus/{skuId}/reference-images/{id}");
        managerPage.ShouldNotContain("data-testid=\"reference-file\"");
    }

    [Fact]
    public async Task Another_tenants_sku_or_image_is_not_found()
    {
        var other = (await portal.NewCameraAsync()).TenantId;
        var otherSku = await portal.AddSkuAsync(other);
        ReferenceImageReceipt otherImage;
        await using (var scope = portal.Services.GetRequiredService<TenantScopeFactory>().CreateScope(other))
            otherImage = await scope.ServiceProvider.GetRequiredService<ReferenceImageUploads>().UploadAsync(otherSku, TestImages.SolidPng(48, 64, SKColors.Blue), Token);
        var admin = await portal.SignedInClientAsync(DemoUsers.TenantAdmin);

        var upload = await admin.PostAsync($"/api/v1/skus/{otherSku}/reference-images", IngestionPortal.Raw(TestImages.SolidPng(48, 64, SKColors.Red), "image/png"), Token);
        var read = await admin.GetAsync($"/api/v1/skus/{otherSku}/reference-images/{otherImage.Id}", Token);

        upload.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        read.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await portal.BlobsAsync(other)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Only_tenant_admins_upload_and_only_images_are_accepted()
    {
        var skuId = await portal.AddSkuAsync(await portal.DemoTenantIdAsync());
        var path = $"/api/v1/skus/{skuId}/reference-images";
        var png = TestImages.SolidPng(48, 64, SKColors.Green);

        (await portal.NewClient().PostAsync(path, IngestionPortal.Raw(png, "image/png"), Token)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var manager = await portal.SignedInClientAsync(DemoUsers.StoreManager);
        (await manager.PostAsync(path, IngestionPortal.Raw(png, "image/png"), Token)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var admin = await portal.SignedInClientAsync(DemoUsers.TenantAdmin);
        var text = await admin.PostAsync(path, IngestionPortal.Raw("not an image"u8.ToArray(), "image/png"), Token);
        text.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        var form = await admin.PostAsync(path, IngestionPortal.Form(png, "pack.png", "image/png"), Token);
        form.StatusCode.ShouldBe(HttpStatusCode.Accepted);
    }
}
