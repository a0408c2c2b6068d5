using Microsoft.EntityFrameworkCore;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Infrastructure.Availability;
using ShelfCloud.Infrastructure.Data;

namespace ShelfCloud.Infrastructure.Review;

public sealed record ReviewCandidate(Guid SkuId, string Code, string Name, string Brand, float FinalScore, Guid? ReferenceImageId);

public sealed record ReviewDetection(long Id, BoundingBox Box, Guid? PredictedSkuId, float FinalScore, ReviewStatus Status, IReadOnlyList<ReviewCandidate> Candidates);

/// <summary>One capture's unreviewed predictions, in reading order, with the shelf rows they stand in.</summary>
public sealed record ReviewBatch(
    Guid CaptureId, string StoreName, string ShelfName, DateTimeOffset TakenAt, int Width, int Height,
    IReadOnlyList<ReviewDetection> Detections, IReadOnlyList<IReadOnlyList<long>> Rows, int CapturesWaiting);

/// <summary>The annotators' queue: recognised captures with unreviewed predictions, oldest first, optionally for one store.</summary>
public sealed class ReviewQueue(IDbContextFactory<ShelfCloudDbContext> dbFactory)
{
    public const int CandidatesShown = 5;

    public async Task<ReviewBatch?> NextAsync(Guid? storeId = null, Guid? skipCaptureId = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var waiting = db.Captures.Where(c => c.Status == CaptureStatus.Recognized
            && c.Detections.Any(d => d.ReviewStatus == ReviewStatus.Unreviewed
                && (d.DetectorClass == null || !(d.DetectorClass.StartsWith("empty") || d.DetectorClass == "gap"))));
        if (storeId is { } store)
            waiting = waiting.Where(c => c.StoreId == store);
        var count = await waiting.CountAsync(ct);
        var capture = await waiting.Where(c => c.Id != skipCaptureId).OrderBy(c => c.TakenAt).FirstOrDefaultAsync(ct);
        return capture is null ? null : await LoadAsync(db, capture, count, ct);
    }

    public async Task<ReviewBatch?> GetAsync(Guid captureId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var capture = await db.Captures.SingleOrDefaultAsync(c => c.Id == captureId, ct);
        return capture is null ? null : await LoadAsync(db, capture, 0, ct);
    }

    private static async Task<ReviewBatch> LoadAsync(ShelfCloudDbContext db, Capture capture, int waiting, CancellationToken ct)
    {
        // Empty facings are the detector's "no product here": nothing for an annotator to name.
        var detections = (await db.Detections.AsNoTracking().Where(d => d.CaptureId == capture.Id).ToListAsync(ct))
            .Where(d => !CaptureMeasurer.IsEmptyFacingClass(d.DetectorClass)).ToList();
        var skuIds = detections.SelectMany(d => d.Candidates.Take(CandidatesShown).Select(c => c.SkuId)).Distinct().ToList();
        var skus = await db.Skus.AsNoTracking().Where(s => skuIds.Contains(s.Id))
            .Select(s => new { s.Id, s.Code, s.Name, s.Brand, Reference = s.ReferenceImages.OrderBy(r => r.UploadedAt).Select(r => (Guid?)r.Id).FirstOrDefault() })
            .ToDictionaryAsync(s => s.Id, ct);
        var shelf = await db.Shelves.AsNoTracking().Where(s => s.Id == capture.ShelfId).Select(s => new { s.Name, Store = s.Store!.Name }).SingleAsync(ct);

        var rows = new Domain.Shelves.ShelfRowAnalyzer().GroupIntoRows(detections, d => d.Box);
        var ordered = rows.SelectMany(r => r.Items).ToList();
        ReviewCandidate ToCandidate(DetectionCandidate c)
        {
            var sku = skus[c.SkuId];
            return new ReviewCandidate(sku.Id, sku.Code, sku.Name, sku.Brand, c.FinalScore, sku.Reference);
        }
        var reviewDetections = ordered.Select(d => new ReviewDetection(d.Id, d.Box, d.PredictedSkuId, d.FinalScore, d.ReviewStatus,
            d.Candidates.OrderByDescending(c => c.FinalScore).Take(CandidatesShown).Where(c => skus.ContainsKey(c.SkuId)).Select(ToCandidate).ToList()))
            .ToList();
        return new ReviewBatch(capture.Id, shelf.Store, shelf.Name, capture.TakenAt, capture.Width, capture.Height, reviewDetections,
            rows.Select(r => (IReadOnlyList<long>)r.Items.Select(d => d.Id).ToList()).ToList(), waiting);
    }
}
