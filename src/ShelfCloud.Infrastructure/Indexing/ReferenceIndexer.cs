using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Catalog;
using ShelfCloud.Infrastructure.Blobs;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Models;
using ShelfCloud.Infrastructure.Tenancy;
using ShelfCloud.Vision.Imaging;
using ShelfCloud.Vision.Recognition;
using ShelfCloud.Vision.Search;
using SkiaSharp;

namespace ShelfCloud.Infrastructure.Indexing;

/// <summary>What one indexing pass did.</summary>
public sealed record IndexingPass(int Indexed, int Failed, int Remaining);

/// <summary>
/// Puts a tenant's reference images into the vector index with the active embedder: each whole image becomes one point
/// (id = the image's id, payload tenant, SKU, category, source Reference), so re-indexing replaces rather than adds.
/// Handles Pending images and images indexed by another embedder (re-indexing after a model change). When the new
/// embedder's vectors have another length, the tenant's old vectors are deleted first: an index holds one length.
/// Works in the tenant scope of the job.
/// </summary>
public sealed class ReferenceIndexer(IDbContextFactory<ShelfCloudDbContext> dbFactory, ITenantContext tenant, IBlobStore blobs, IVectorIndex index, TimeProvider clock)
{
    private static readonly ImageDecoder Decoder = new();

    /// <summary>Images that are not in the index of the embedder <paramref name="embedderVersionId"/> yet.</summary>
    public static Expression<Func<ReferenceImage, bool>> NeedsIndexing(Guid embedderVersionId) =>
        r => r.Status == ReferenceImageStatus.Pending || (r.Status == ReferenceImageStatus.Indexed && r.EmbedderModelId != embedderVersionId);

    /// <summary>Indexes up to <paramref name="max"/> images, oldest first, and saves their state.</summary>
    public async Task<IndexingPass> IndexNextAsync(ActiveEmbedder embedder, int max, CancellationToken ct = default)
    {
        var tenantId = tenant.TenantId ?? throw new InvalidOperationException("Indexing runs inside a tenant scope.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await DropVectorsOfAnotherLengthAsync(db, tenantId, embedder, ct);

        var batch = await db.ReferenceImages.Where(NeedsIndexing(embedder.VersionId)).OrderBy(r => r.UploadedAt).Take(max).ToListAsync(ct);
        if (batch.Count == 0)
            return new IndexingPass(0, 0, 0);
        var skuIds = batch.Select(r => r.SkuId).Distinct().ToList();
        var categories = await db.Skus.Where(s => skuIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Category, ct);

        var inputs = new List<(ReferenceImage Image, SKBitmap Bitmap)>();
        var failed = 0;
        try
        {
            foreach (var image in batch)
            {
                var (bitmap, problem) = await LoadAsync(tenantId, image, embedder, ct);
                if (bitmap is not null)
                {
                    inputs.Add((image, bitmap));
                    continue;
                }

                image.Status = ReferenceImageStatus.Failed;
                image.FailureReason = problem;
                failed++;
            }

            var vectors = inputs.Count == 0 ? [] : embedder.Embedder.Embed(inputs.Select(i => i.Bitmap).ToList()).Vectors;
            var points = inputs.Select((input, i) => new VectorPoint(input.Image.Id, vectors[i],
                new VectorPayload(tenantId, input.Image.SkuId, null, NullIfEmpty(categories.GetValueOrDefault(input.Image.SkuId)), VectorSource.Reference))).ToList();
            if (points.Count > 0)
                await index.UpsertAsync(points, ct);
        }
        finally
        {
            foreach (var (_, bitmap) in inputs)
                bitmap.Dispose();
        }

        var now = clock.GetUtcNow();
        foreach (var (image, _) in inputs)
        {
            image.Status = ReferenceImageStatus.Indexed;
            image.IndexedAt = now;
            image.EmbedderModelId = embedder.VersionId;
            image.FailureReason = null;
        }

        await db.SaveChangesAsync(ct);
        var remaining = await db.ReferenceImages.CountAsync(NeedsIndexing(embedder.VersionId), ct);
        return new IndexingPass(inputs.Count, failed, remaining);
    }

    private async Task<(SKBitmap? Bitmap, string? Problem)> LoadAsync(Guid tenantId, ReferenceImage image, ActiveEmbedder embedder, CancellationToken ct)
    {
        await using var blob = await blobs.OpenReadAsync(tenantId, BlobNames.WithinTenant(tenantId, image.BlobName), ct);
        if (blob is null)
            return (null, "The image blob no longer exists.");
        using var buffer = new MemoryStream();
        await blob.Content.CopyToAsync(buffer, ct);
        try
        {
            using var decoded = Decoder.Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
            var card = embedder.Embedder.Card;
            return (CropSampler.Sample(decoded.Bitmap, new BoundingBox(0, 0, decoded.Width, decoded.Height), 0, card.InputWidth, card.InputHeight), null);
        }
        catch (ImageRejectedException e)
        {
            return (null, "The image cannot be decoded: " + e.Message);
        }
    }

    /// <summary>
    /// A new embedder with another vector length cannot share the tenant's index with the old vectors: delete them and
    /// queue every indexed image again. Same-length vectors are replaced one by one instead, so search keeps working.
    /// </summary>
    private async Task DropVectorsOfAnotherLengthAsync(ShelfCloudDbContext db, Guid tenantId, ActiveEmbedder embedder, CancellationToken ct)
    {
        var stale = await db.ReferenceImages
            .Where(r => r.Status == ReferenceImageStatus.Indexed && r.EmbedderModelId != embedder.VersionId && r.EmbedderModelId != null)
            .Select(r => r.EmbedderModelId).Distinct().ToListAsync(ct);
        if (stale.Count == 0)
            return;
        var otherLength = await db.ModelVersions.AnyAsync(
            m => stale.Contains(m.Id) && m.EmbeddingDimension != null && m.EmbeddingDimension != embedder.Dimension, ct);
        if (!otherLength)
            return;
        await index.DeleteAsync(new VectorFilter(tenantId), ct);
        var indexed = await db.ReferenceImages.Where(r => r.Status == ReferenceImageStatus.Indexed).ToListAsync(ct);
        foreach (var image in indexed)
        {
            image.Status = ReferenceImageStatus.Pending;
            image.EmbedderModelId = null;
        }

        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
