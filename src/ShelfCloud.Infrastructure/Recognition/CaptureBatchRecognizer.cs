using Microsoft.EntityFrameworkCore;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Recognition;
using ShelfCloud.Infrastructure.Blobs;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Tenancy;
using ShelfCloud.Vision.Recognition;
using ShelfCloud.Vision.Search;

namespace ShelfCloud.Infrastructure.Recognition;

/// <summary>
/// Runs <see cref="RecognitionPipeline"/> over a batch of one tenant's captures: loads their blobs, gives each image its
/// shelf's annotations within the tenant's realgram window, searches only the tenant's vectors; then the ranker and
/// tracking make the final choice (<see cref="CaptureDecisionStep"/>), and each photo's quality is judged against its
/// camera's baseline (<see cref="CaptureQualityStep"/>). Writes nothing. Works in the tenant scope of the job.
/// </summary>
public sealed class CaptureBatchRecognizer(
    IDbContextFactory<ShelfCloudDbContext> dbFactory, ITenantContext tenant, IBlobStore blobs, UploadPriority uploads, CaptureQualityStep quality, CaptureDecisionStep decisions)
{
    /// <summary>One outcome per capture; a model or index failure throws (the attempt failed, a retry may succeed).</summary>
    public async Task<IReadOnlyList<CaptureOutcome>> RecognizeAsync(IReadOnlyList<Capture> captures, RecognitionPipeline pipeline, CancellationToken ct = default)
    {
        var tenantId = tenant.TenantId ?? throw new InvalidOperationException("Recognition runs inside a tenant scope.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var settings = (await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == tenantId, ct)).Realgram;
        var shelves = await ShelfHistoryAsync(db, captures, TimeSpan.FromDays(settings.WindowDays), ct);

        var outcomes = new CaptureOutcome?[captures.Count];
        var images = new List<RecognitionImage>();
        var positions = new List<int>();
        for (var i = 0; i < captures.Count; i++)
        {
            var capture = captures[i];
            var bytes = await ReadBlobAsync(tenantId, capture.BlobName, ct);
            if (bytes is null)
            {
                outcomes[i] = CaptureOutcome.Unrecognizable(capture.Id, $"The image blob '{capture.BlobName}' no longer exists.");
                continue;
            }

            images.Add(new RecognitionImage(capture.Id.ToString("D"), bytes) { Shelf = shelves(capture) });
            positions.Add(i);
        }

        if (images.Count > 0)
        {
            var request = new RecognitionRequest(images) { SearchFilter = new VectorFilter(tenantId), Realgram = settings, Pacer = uploads };
            var result = await pipeline.RecognizeAsync(request, ct);
            for (var k = 0; k < positions.Count; k++)
            {
                var image = result.Images[k];
                var id = captures[positions[k]].Id;
                outcomes[positions[k]] = image.Rejection is { } rejection
                    ? CaptureOutcome.Unrecognizable(id, "The image cannot be decoded: " + rejection.Message)
                    : CaptureOutcome.Recognized(id, image.Products) with { Figures = image.Figures };
            }
        }

        var judged = await quality.JudgeAsync(db, captures, outcomes.Select(o => o!).ToList(), ct);
        return await decisions.DecideAsync(db, captures, judged, shelves, settings, pipeline.UnknownThreshold, ct);
    }

    /// <summary>For each capture, its shelf's annotations in the window before it was taken; null when there are none.</summary>
    internal static async Task<Func<Capture, ShelfContext?>> ShelfHistoryAsync(
        ShelfCloudDbContext db, IReadOnlyList<Capture> captures, TimeSpan window, CancellationToken ct)
    {
        var shelfIds = captures.Select(c => c.ShelfId).Distinct().ToList();
        var since = captures.Min(c => c.TakenAt) - window;
        var until = captures.Max(c => c.TakenAt);
        var annotations = await db.Annotations.AsNoTracking()
            .Where(a => shelfIds.Contains(a.ShelfId) && a.CapturedAt >= since && a.CapturedAt <= until)
            .ToListAsync(ct);
        var byShelf = annotations.ToLookup(a => a.ShelfId);
        return capture =>
        {
            var history = byShelf[capture.ShelfId]
                .Where(a => a.CapturedAt <= capture.TakenAt && a.CapturedAt >= capture.TakenAt - window)
                .Select(ShelfAnnotation.From)
                .ToList();
            return history.Count == 0 ? null : new ShelfContext(history, capture.TakenAt);
        };
    }

    private async Task<byte[]?> ReadBlobAsync(Guid tenantId, string qualifiedName, CancellationToken ct)
    {
        await using var blob = await blobs.OpenReadAsync(tenantId, BlobNames.WithinTenant(tenantId, qualifiedName), ct);
        if (blob is null)
            return null;
        var buffer = new MemoryStream(blob.Length is > 0 and < int.MaxValue ? (int)blob.Length : 0);
        await blob.Content.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }
}
