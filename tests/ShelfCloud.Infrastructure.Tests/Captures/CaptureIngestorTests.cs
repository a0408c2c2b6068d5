using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Infrastructure.Blobs;
using ShelfCloud.Infrastructure.Captures;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Onboarding;
using SkiaSharp;

namespace ShelfCloud.Infrastructure.Tests.Captures;

/// <summary>A capture whose row cannot be written leaves no blob behind.</summary>
public sealed class CaptureIngestorTests(TwoTenants tenants) : IClassFixture<TwoTenants>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_camera_deleted_during_the_upload_gets_no_capture_and_its_blob_is_removed()
    {
        var a = tenants.A;
        await using var scope = tenants.Database.InTenant(a.TenantId);
        var sp = scope.ServiceProvider;
        var issued = await sp.GetRequiredService<CameraOnboarding>().CreateAsync(new CameraInput(a.ShelfId, "short-lived"), Token);
        var camera = (await sp.GetRequiredService<CameraKeyResolver>().ResolveAsync(issued.ApiKey, Token)).ShouldNotBeNull();
        await sp.GetRequiredService<CameraOnboarding>().DeleteAsync(issued.CameraId, Token);
        var blobsBefore = await BlobNamesAsync(sp, a.TenantId);

        await Should.ThrowAsync<NotFoundInTenantException>(() =>
            sp.GetRequiredService<CaptureIngestor>().IngestAsync(camera, new CaptureUpload(Jpeg()), Token));

        (await BlobNamesAsync(sp, a.TenantId)).ShouldBe(blobsBefore);
        sp.GetRequiredService<ShelfCloudDbContext>().Captures.Count(c => c.CameraId == camera.CameraId).ShouldBe(0);
    }

    [Fact]
    public async Task A_scope_of_another_tenant_cannot_ingest_for_a_camera_and_leaves_no_blob()
    {
        var camera = (await ResolveAsync(tenants.B.CameraKey)).ShouldNotBeNull();
        await using var scope = tenants.Database.InTenant(tenants.A.TenantId);
        var sp = scope.ServiceProvider;
        var blobsBefore = await BlobNamesAsync(sp, tenants.B.TenantId);

        await Should.ThrowAsync<NotFoundInTenantException>(() => sp.GetRequiredService<CaptureIngestor>().IngestAsync(camera, new CaptureUpload(Jpeg()), Token));

        (await BlobNamesAsync(sp, tenants.B.TenantId)).ShouldBe(blobsBefore);
    }

    private async Task<CameraIdentity?> ResolveAsync(string key)
    {
        await using var scope = tenants.Database.WithoutTenant();
        return await scope.ServiceProvider.GetRequiredService<CameraKeyResolver>().ResolveAsync(key, Token);
    }

    private static async Task<List<string>> BlobNamesAsync(IServiceProvider sp, Guid tenantId) =>
        await sp.GetRequiredService<IBlobStore>().ListAsync(tenantId, "", Token).Select(b => b.Name).ToListAsync(Token);

    private static byte[] Jpeg()
    {
        using var bitmap = new SKBitmap(new SKImageInfo(16, 12, SKColorType.Rgba8888, SKAlphaType.Premul));
        bitmap.Erase(SKColors.Orange);
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }
}
