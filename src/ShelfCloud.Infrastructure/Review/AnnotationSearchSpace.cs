using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Infrastructure.Blobs;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Recognition;
using ShelfCloud.Infrastructure.Tenancy;
using ShelfCloud.Vision.Imaging;
using ShelfCloud.Vision.Recognition;
using ShelfCloud.Vision.Search;

namespace ShelfCloud.Infrastructure.Review;

/// <summary>
/// Puts confirmed crops into the tenant's vector index (source Annotation) so the next capture already benefits:
/// cold start without retraining. One point per detection, so a changed decision replaces its vector.
/// </summary>
public sealed class AnnotationSearchSpace(
    IDbContextFactory<ShelfCloudDbContext> dbFactory, IBlobStore blobs, IVectorIndex index, RecognitionModels models,
    ITenantContext tenant, ILogger<AnnotationSearchSpace> logger)
{
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
        Vision.Inference.OnnxEmbedder embedder;
        try
        {
            embedder = models.Embedder;
        }
        catch (ModelUnavailableException e)
        {
            logger.LogWarning("Annotations saved but not added to the search space: {Reason}", e.Message);
            return;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var skuIds = annotations.Select(a => a.Annotation.SkuId).Distinct().ToList();
        var categories = await db.Skus.Where(s => skuIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Category, ct);
        var points = new List<VectorPoint>();
        foreach (var group in annotations.GroupBy(a => a.Capture.Id))
        {
            var capture = group.First().Capture;
            await using var blob = await blobs.OpenReadAsync(TenantId, BlobNames.WithinTenant(TenantId, capture.BlobName), ct);
            if (blob is null)
            {
                logger.LogWarning("Capture {CaptureId} has no photo; its annotations stay out of the search space", capture.Id);
                continue;
            }
            using var image = await new ImageDecoder().DecodeAsync(blob.Content, ct);
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
    }

    private Guid TenantId => tenant.TenantId ?? throw new TenantAccessViolationException("No tenant is selected.");
}
