using System.Runtime.InteropServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Infrastructure.Blobs;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Onboarding;
using ShelfCloud.Infrastructure.Tenancy;
using ShelfCloud.Vision.Imaging;

using ShelfCloud.Infrastructure.Recognition;

namespace ShelfCloud.Infrastructure.Captures;

/// <summary>An upload as received: the image bytes (at most <see cref="IngestionOptions.MaxUploadBytes"/>), when it was taken, and the camera's idempotency key.</summary>
public sealed record CaptureUpload(ReadOnlyMemory<byte> Content, DateTimeOffset? TakenAt = null, string? IdempotencyKey = null);

/// <summary>The capture an upload made or, for a repeated idempotency key, the one it made before (<see cref="Created"/> false).</summary>
public sealed record CaptureReceipt(Guid Id, CaptureStatus Status, bool Created);

/// <summary>
/// Turns a camera's upload into a Pending <see cref="Capture"/>: validates the image, writes the blob, then the row and
/// the camera's last-seen time (through <see cref="CaptureRowWriter"/>, which commits concurrent uploads together). A
/// failed row insert deletes the blob, so nothing is left half-written; the same idempotency key from the same camera
/// always yields the same capture, also when two uploads race.
/// Runs in a scope that has entered the camera's tenant.
/// </summary>
public sealed class CaptureIngestor(
    IDbContextFactory<ShelfCloudDbContext> dbFactory,
    IBlobStore blobs,
    CaptureImageInspector inspector,
    CaptureRowWriter rows,
    TenantContext tenant,
    TimeProvider clock,
    UploadPriority priority,
    ILogger<CaptureIngestor> logger)
{
    // Runs on every upload with a key: compiled once (the tenant filter stays: it is a parameter of each context).
    private static readonly Func<ShelfCloudDbContext, Guid, string, CancellationToken, Task<CaptureReceipt?>> ByIdempotencyKey =
        EF.CompileAsyncQuery((ShelfCloudDbContext db, Guid cameraId, string key, CancellationToken ct) =>
            db.Captures.AsNoTracking()
                .Where(c => c.CameraId == cameraId && c.IdempotencyKey == key)
                .Select(c => new CaptureReceipt(c.Id, c.Status, false))
                .SingleOrDefault());

    /// <summary>Ingests the upload; throws <see cref="ImageRejectedException"/> for content that is not an acceptable image.</summary>
    public async Task<CaptureReceipt> IngestAsync(CameraIdentity camera, CaptureUpload upload, CancellationToken ct = default)
    {
        var tenantId = tenant.TenantId ?? throw new InvalidOperationException("Capture ingestion runs inside a tenant's scope.");
        // A scope never writes for another tenant's camera (the row writer would find the camera only in its tenant).
        if (camera.TenantId != tenantId)
            throw new NotFoundInTenantException("Camera");
        priority.NoteUpload();
        var key = upload.IdempotencyKey;
        if (key is not null && await FindAsync(camera, key, ct) is { } earlier)
            return earlier;

        var image = await inspector.InspectAsync(upload.Content, ct);
        var receivedAt = clock.GetUtcNow();
        var capture = new Capture
        {
            TenantId = camera.TenantId,
            CameraId = camera.CameraId,
            ShelfId = camera.ShelfId,
            StoreId = camera.StoreId,
            BlobName = "",
            Width = image.Width,
            Height = image.Height,
            TakenAt = upload.TakenAt ?? receivedAt,
            ReceivedAt = receivedAt,
            IdempotencyKey = key,
            Status = CaptureStatus.Pending,
        };
        var name = BlobNameFor(capture.Id, receivedAt, image.Format);
        capture.BlobName = BlobNames.Qualify(camera.TenantId, name);

        await blobs.PutAsync(camera.TenantId, name, AsStream(upload.Content), ContentTypeOf(image.Format), ct);
        try
        {
            await rows.InsertAsync(tenantId, capture, receivedAt);
            return new CaptureReceipt(capture.Id, capture.Status, Created: true);
        }
        catch (DbUpdateException) when (key is not null)
        {
            await DeleteOrphanAsync(camera.TenantId, name);
            // Most likely a concurrent upload with the same key won the unique index: its capture is the answer.
            var winner = await FindAsync(camera, key, CancellationToken.None);
            if (winner is null)
                throw;
            return winner;
        }
        catch
        {
            await DeleteOrphanAsync(camera.TenantId, name);
            throw;
        }
    }

    /// <summary><c>captures/{yyyy}/{MM}/{dd}/{id}.{ext}</c> by the server's receipt date: the client's takenAt cannot steer the layout.</summary>
    public static string BlobNameFor(Guid captureId, DateTimeOffset receivedAt, ImageFormat format)
    {
        var day = receivedAt.UtcDateTime;
        var extension = format switch
        {
            ImageFormat.Jpeg => "jpg",
            ImageFormat.Png => "png",
            ImageFormat.Webp => "webp",
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown image format."),
        };
        return $"captures/{day:yyyy}/{day:MM}/{day:dd}/{captureId:D}.{extension}";
    }

    private static string ContentTypeOf(ImageFormat format) => format switch
    {
        ImageFormat.Jpeg => "image/jpeg",
        ImageFormat.Png => "image/png",
        ImageFormat.Webp => "image/webp",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown image format."),
    };

    private async Task<CaptureReceipt?> FindAsync(CameraIdentity camera, string key, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await ByIdempotencyKey(db, camera.CameraId, key, ct);
    }

    private async Task DeleteOrphanAsync(Guid tenantId, string name)
    {
        try
        {
            await blobs.DeleteAsync(tenantId, name, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Could not delete the orphaned capture blob {BlobName} of tenant {TenantId}", name, tenantId);
        }
    }

    private static MemoryStream AsStream(ReadOnlyMemory<byte> content) =>
        MemoryMarshal.TryGetArray(content, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);
}
