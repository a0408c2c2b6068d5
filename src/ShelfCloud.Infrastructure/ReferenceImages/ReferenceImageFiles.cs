using Microsoft.EntityFrameworkCore;
using ShelfCloud.Infrastructure.Blobs;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Tenancy;

namespace ShelfCloud.Infrastructure.ReferenceImages;

/// <summary>Opens the stored file of one of the current tenant's reference images; another tenant's ids read as not found.</summary>
public sealed class ReferenceImageFiles(IDbContextFactory<ShelfCloudDbContext> dbFactory, ITenantContext tenant, IBlobStore blobs)
{
    /// <summary>The image's content (the caller disposes it), or null when the tenant has no such image of that SKU.</summary>
    public async Task<BlobContent?> OpenAsync(Guid skuId, Guid referenceId, CancellationToken ct = default)
    {
        if (tenant.TenantId is not { } tenantId)
            return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var blobName = await db.ReferenceImages.Where(r => r.Id == referenceId && r.SkuId == skuId).Select(r => r.BlobName).SingleOrDefaultAsync(ct);
        return blobName is null ? null : await blobs.OpenReadAsync(tenantId, BlobNames.WithinTenant(tenantId, blobName), ct);
    }
}
