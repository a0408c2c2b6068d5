using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Infrastructure.Blobs;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Models;
using ShelfCloud.Infrastructure.Tenancy;
using ShelfCloud.Vision.Imaging;
using ShelfCloud.Vision.Recognition;
using ShelfCloud.Vision.Search;

namespace ShelfCloud.Infrastructure.Indexing;

/// <summary>
/// Puts confirmed crops into the tenant's vector index (source Annotation) so the next capture already benefits:
/// cold start without retraining. One point per detection, so a changed decision replaces its vector. Each annotation
/// records the embedder of its vector; when another embedder becomes active, <see cref="EmbedNextAsync"/> (run by the
/// re-indexing job) embeds the crops again, so the annotators' work is never lost to a model change.
/// </summary>
public sealed class AnnotationSearchSpace(
    IDbContextFactory<ShelfCloudDbContext> dbFactory, IBlobStore blobs, IVectorIndex index, RecognitionModels engine,
    ITenantContext tenant, ILogger<AnnotationSearchSpace> logger)
{
    private static readonly ImageDecoder Decoder = new();

    /// <summary>Annotations of a detection whose crop is not in the index of the embedder <paramref name="embedderVersionId"/>.</summary>
    public static Expression<Func<Annotation, bool>> NeedsEmbedding(Guid embedderVersionId) =>
        a => a.DetectionId != null && (a.EmbedderModelId == null || a.EmbedderModelId != embedderVersionId);

    public static Guid PointIdOf(long detectionId)
    {
        Span<byte> bytes = stackalloc byte[16];
        "annotation"u8.CopyTo(bytes);
        BitConverter.TryWriteBytes(bytes[8..], detectionId);
        return new Guid(bytes);
    }

    public Task RemoveAsync(IReadOnlyCollection<long> detectionIds, CancellationToken ct) =>
        index.DeleteAsync(TenantId, detectionIds.Select(PointIdOf).ToList(), ct);

    public async Task AddAsync(IReadOnlyList<(Annotation Annotation, Capture Capture)> annotations, CancellationToken ct)
    {
        if (annotations.Count == 0)
            return;
        if (await engine.TryGetEmbedderAsync(ct) is not { } embedder)
        {
            // Saved all the same: the re-indexing job embeds them once an embedder is there.
            logger.LogWarning("Annotations saved but not added to the search space yet: {Reason}", engine.Problem);
            return;
        }
        await EmbedAsync(annotations, embedder, ct);
    }

    /// <summary>Embeds up to <paramref name="max"/> annotations that are not in the active embedder's index yet.</summary>
    /// <returns>How many were embedded (or found without a photo) and how many are left.</returns>
    public async Task<(int Done, int Remaining)> EmbedNextAsync(ActiveEmbedder embedder, int max, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var batch = await db.Annotations.AsNoTracking().Where(NeedsEmbedding(embedder.VersionId)).OrderBy(a => a.Id).Take(max).ToListAsync(ct);
        if (batch.Count == 0)
            return (0, 0);
        var captureIds = batch.Select(a => a.CaptureId).Distinct().ToList();
        var captures = await db.Captures.AsNoTracking().Where(c => captureIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        await EmbedAsync(batch.Select(a => (a, captures[a.CaptureId])).ToList(), embedder, ct);
        return (batch.Count, await db.Annotations.CountAsync(NeedsEmbedding(embedder.VersionId), ct));
    }

    private async Task EmbedAsync(IReadOnlyList<(Annotation Annotation, Capture Capture)> annotations, ActiveEmbedder active, CancellationToken ct)
    {
        var embedder = active.Embedder;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var skuIds = annotations.Select(a => a.Annotation.SkuId).Distinct().ToList();
        var categories = await db.Skus.Where(s => skuIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Category, ct);
        var points = new List<VectorPoint>();
        foreach (var group in annotations.Where(a => a.Annotation.DetectionId is not null).GroupBy(a => a.Capture.Id))
        {
            var capture = group.First().Capture;
            await using var blob = await blobs.OpenReadAsync(TenantId, BlobNames.WithinTenant(TenantId, capture.BlobName), ct);
            if (blob is null)
            {
                logger.LogWarning("Capture {CaptureId} has no photo; its annotations stay out of the search space", capture.Id);
                continue;
            }
            using var image = await Decoder.DecodeAsync(blob.Content, ct);
            var size = embedder.Card.InputWidth;
            var crops = group.Select(a => CropSampler.Sample(image.Bitmap, a.Annotation.Box, 0, size, embedder.Card.InputHeight)).ToList();
            try
            {
                var vectors = embedder.Embed(crops).Vectors;
                points.AddRange(group.Select((a, i) => new VectorPoint(PointIdOf(a.Annotation.DetectionId!.Value), vectors[i],
                    new VectorPayload(TenantId, a.Annotation.SkuId, capture.StoreId, categories.GetValueOrDefault(a.Annotation.SkuId), VectorSource.Annotation))));
            }
            finally
            {
                foreach (var crop in crops)
                    crop.Dispose();
            }
        }
        await index.UpsertAsync(points, ct);

        // Marked even without a photo: there is nothing to embed, and asking again would not change that.
        var ids = annotations.Select(a => a.Annotation.Id).ToList();
        await db.Annotations.Where(a => ids.Contains(a.Id)).ExecuteUpdateAsync(set => set.SetProperty(a => a.EmbedderModelId, active.VersionId), ct);
    }

    private Guid TenantId => tenant.TenantId ?? throw new TenantAccessViolationException("No tenant is selected.");
}
