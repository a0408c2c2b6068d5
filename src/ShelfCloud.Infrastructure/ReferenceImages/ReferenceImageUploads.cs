using System.Runtime.InteropServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ShelfCloud.Domain.Catalog;
using ShelfCloud.Infrastructure.Blobs;
using ShelfCloud.Infrastructure.Captures;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Indexing;
using ShelfCloud.Infrastructure.Onboarding;
using ShelfCloud.Infrastructure.Tenancy;
using ShelfCloud.Vision.Imaging;

namespace ShelfCloud.Infrastructure.ReferenceImages;

/// <summary>The reference image an upload made: its id and state (Pending until indexed).</summary>
public sealed record ReferenceImageReceipt(Guid Id, ReferenceImageStatus Status);

/// <summary>
/// Adds a reference image (packshot, crop) to one of the current tenant's SKUs: the same checks as a capture upload
/// (<see cref="CaptureImageInspector"/>: sniffed JPEG, PNG or WebP, at most 100 megapixels, decodes completely), the
/// blob <c>{tenant}/references/{skuId}/{id}.{ext}</c> first, then the Pending row, then an indexing job (where the host
/// has job services), so the SKU is searchable within seconds. A failed row insert deletes the blob.
/// </summary>
public sealed class ReferenceImageUploads(
    IDbContextFactory<ShelfCloudDbContext> dbFactory,
    ITenantContext tenant,
    IBlobStore blobs,
    CaptureImageInspector inspector,
    TimeProvider clock,
    ILogger<ReferenceImageUploads> logger,
    ReferenceIndexingSignal? indexing = null)
{
    /// <summary>Stores the image for the SKU; <see cref="NotFoundInTenantException"/> when the tenant has no such SKU,
    /// <see cref="ImageRejectedException"/> when the bytes are not an acceptable image.</summary>
    public async Task<ReferenceImageReceipt> UploadAsync(Guid skuId, ReadOnlyMemory<byte> content, CancellationToken ct = default)
    {
        var tenantId = tenant.TenantId ?? throw new InvalidOperationException("Reference images are uploaded inside a tenant.");
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (!await db.Skus.AnyAsync(s => s.Id == skuId, ct))
                throw new NotFoundInTenantException("SKU");
        }

        var image = await inspector.InspectAsync(content, ct);
        var reference = new ReferenceImage
        {
            SkuId = skuId,
            BlobName = "",
            Width = image.Width,
            Height = image.Height,
            Status = ReferenceImageStatus.Pending,
            UploadedAt = clock.GetUtcNow(),
        };
        var name = $"references/{skuId:D}/{reference.Id:D}.{Extension(image.Format)}";
        reference.BlobName = BlobNames.Qualify(tenantId, name);
        await blobs.PutAsync(tenantId, name, AsStream(content), ContentType(image.Format), ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            db.ReferenceImages.Add(reference);
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            await DeleteOrphanAsync(tenantId, name);
            throw;
        }

        // Hosts without job services (the CLI) leave the image Pending: the next dispatcher run indexes it.
        indexing?.Kick(tenantId);
        return new ReferenceImageReceipt(reference.Id, reference.Status);
    }

    private async Task DeleteOrphanAsync(Guid tenantId, string name)
    {
        try
        {
            await blobs.DeleteAsync(tenantId, name, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Could not delete the orphaned reference blob {BlobName} of tenant {TenantId}", name, tenantId);
        }
    }

    private static string Extension(ImageFormat format) => format switch
    {
        ImageFormat.Jpeg => "jpg",
        ImageFormat.Png => "png",
        ImageFormat.Webp => "webp",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown image format."),
    };

    private static string ContentType(ImageFormat format) => format switch
    {
        ImageFormat.Jpeg => "image/jpeg",
        ImageFormat.Png => "image/png",
        ImageFormat.Webp => "image/webp",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown image format."),
    };

    private static MemoryStream AsStream(ReadOnlyMemory<byte> content) =>
        MemoryMarshal.TryGetArray(content, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);
}
