using Microsoft.EntityFrameworkCore;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Captures.Quality;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Onboarding;

namespace ShelfCloud.Infrastructure.Shelves;

/// <param name="LatestIssues">The latest photo's quality issues when it was poor (comma-separated); null when it was fine.</param>
/// <param name="LastGoodAt">When the shelf's latest photo that counts as evidence (recognised, not poor) was taken.</param>
public sealed record ShelfLatestCapture(
    Guid ShelfId, string ShelfName, Guid StoreId, string StoreName, string? Category,
    Guid? CaptureId, DateTimeOffset? TakenAt, CaptureStatus? Status, int Products, int OpenOutOfStock,
    string? LatestIssues = null, DateTimeOffset? LastGoodAt = null)
{
    /// <summary>
    /// The shelf's figures are stale: its last good photo is older than <paramref name="staleAfter"/> (the camera is
    /// offline, covered, moved…), so what the portal shows is the shelf as it was then, not now.
    /// </summary>
    public bool IsStale(DateTimeOffset now, TimeSpan staleAfter) => CaptureId is not null && (LastGoodAt is not { } good || now - good > staleAfter);
}

public sealed record CaptureSku(Guid Id, string Code, string Name, string Brand);

public sealed record CandidateView(CaptureSku Sku, float VisualScore, float RealgramCoefficient, float FinalScore, int? VisualRank);

public sealed record DetectionView(
    long Id, float X1, float Y1, float X2, float Y2, float DetectorScore, CaptureSku? Sku, float FinalScore, ReviewStatus ReviewStatus,
    IReadOnlyList<CandidateView> Candidates, bool Unknown = false)
{
    public BoundingBox Box => new(X1, Y1, X2, Y2);

    /// <summary>What the last stages did: which ranker, its choice and the realgram's, and the facing's track.</summary>
    public DecisionStages? Stages { get; init; }

    /// <summary>True when the shelf's history, not the look alone, decided the prediction.</summary>
    public bool MovedByRealgram => Candidates.Count > 0 && Candidates.OrderByDescending(c => c.VisualScore).First().Sku.Id != Sku?.Id;
}

/// <summary>How the second-level ranker and tracking shaped one prediction (absent for predictions made before they existed).</summary>
/// <param name="RankerVersion">The ranker ("realgram" when the realgram's order decided).</param>
/// <param name="RealgramSku">The realgram's first SKU.</param>
/// <param name="RankerSku">The ranker's choice before tracking.</param>
/// <param name="TrackSince">The facing's track began then: the same product has stood here since.</param>
/// <param name="KeptByTracking">Tracking kept the track's SKU although this photo alone pointed to <paramref name="RankerSku"/>.</param>
public sealed record DecisionStages(string RankerVersion, CaptureSku? RealgramSku, CaptureSku? RankerSku, DateTimeOffset? TrackSince, bool KeptByTracking)
{
    /// <summary>True when the ranker chose another SKU than the realgram's first.</summary>
    public bool RankerChanged => RankerSku is not null && RankerSku.Id != RealgramSku?.Id;
}

public sealed record ShelfTimelineEntry(Guid CaptureId, DateTimeOffset TakenAt);

public sealed record AnnotationView(long Id, CaptureSku Sku, BoundingBox Box, DateTimeOffset CapturedAt, DateTimeOffset AnnotatedAt);

public sealed record CaptureView(
    Guid Id, Guid ShelfId, string ShelfName, string StoreName, DateTimeOffset TakenAt, int Width, int Height, CaptureStatus Status,
    string? FailureReason, IReadOnlyList<DetectionView> Detections, IReadOnlyList<ShelfTimelineEntry> Timeline, IReadOnlyList<AnnotationView> RecentAnnotations)
{
    /// <summary>The photo's quality: a poor photo is kept for the record but is no evidence for availability and share.</summary>
    public CaptureQualityStatus Quality { get; init; }

    /// <summary>The quality issues found (blur, dark, overexposed, covered, duplicate, moved).</summary>
    public IReadOnlyList<string> QualityIssues { get; init; } = [];
}

/// <summary>
/// The realgram view's reads: every shelf with its latest capture, and one capture with its detections, their ranked
/// candidates, the shelf's timeline and the annotations that can have moved a prediction.
/// </summary>
public sealed class ShelfBrowser(IDbContextFactory<ShelfCloudDbContext> dbFactory)
{
    public const int TimelineLength = 200;

    public async Task<IReadOnlyList<ShelfLatestCapture>> ListShelvesAsync(Guid? storeId = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var shelves = storeId is { } id ? db.Shelves.Where(s => s.StoreId == id) : db.Shelves;
        var rows = await shelves.OrderBy(s => s.Store!.Name).ThenBy(s => s.Name)
            .Select(s => new
            {
                s.Id, s.Name, s.StoreId, StoreName = s.Store!.Name, s.Category,
                Latest = db.Captures.Where(c => c.ShelfId == s.Id).OrderByDescending(c => c.TakenAt)
                    .Select(c => new { c.Id, c.TakenAt, c.Status, Products = c.Detections.Count, c.QualityStatus, c.QualityIssues }).FirstOrDefault(),
                LastGoodAt = db.Captures
                    .Where(c => c.ShelfId == s.Id && c.Status == CaptureStatus.Recognized && c.QualityStatus != CaptureQualityStatus.Poor)
                    .Max(c => (DateTimeOffset?)c.TakenAt),
                OpenOutOfStock = db.OutOfStockEvents.Count(e => e.ShelfId == s.Id && e.ClearedAt == null),
            })
            .ToListAsync(ct);
        return rows.Select(r => new ShelfLatestCapture(r.Id, r.Name, r.StoreId, r.StoreName, r.Category,
            r.Latest?.Id, r.Latest?.TakenAt, r.Latest?.Status, r.Latest?.Products ?? 0, r.OpenOutOfStock,
            r.Latest?.QualityStatus == CaptureQualityStatus.Poor ? r.Latest.QualityIssues ?? "poor" : null, r.LastGoodAt)).ToList();
    }

    public async Task<CaptureView> GetCaptureAsync(Guid captureId, int annotationWindowDays = 30, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var capture = await db.Captures.AsNoTracking().Include(c => c.Detections).SingleOrDefaultAsync(c => c.Id == captureId, ct)
            ?? throw new NotFoundInTenantException("Capture");
        var shelf = await db.Shelves.AsNoTracking().Where(s => s.Id == capture.ShelfId)
            .Select(s => new { s.Name, StoreName = s.Store!.Name }).SingleOrDefaultAsync(ct);

        var windowStart = capture.TakenAt.AddDays(-annotationWindowDays);
        var annotations = await db.Annotations.AsNoTracking()
            .Where(a => a.ShelfId == capture.ShelfId && a.CapturedAt >= windowStart && a.CapturedAt <= capture.TakenAt)
            .OrderByDescending(a => a.CapturedAt).Take(500).ToListAsync(ct);

        var skuIds = capture.Detections.SelectMany(d => d.Candidates.Select(c => c.SkuId)
                .Append(d.PredictedSkuId ?? Guid.Empty).Append(d.RealgramSkuId ?? Guid.Empty).Append(d.RankerSkuId ?? Guid.Empty))
            .Concat(annotations.Select(a => a.SkuId)).Where(id => id != Guid.Empty).Distinct().ToList();
        var skus = await db.Skus.AsNoTracking().Where(s => skuIds.Contains(s.Id))
            .ToDictionaryAsync(s => s.Id, s => new CaptureSku(s.Id, s.Code, s.Name, s.Brand), ct);
        CaptureSku SkuOf(Guid id) => skus.GetValueOrDefault(id) ?? new CaptureSku(id, "?", "Unknown SKU", "");

        var detections = capture.Detections.OrderBy(d => d.Y1).ThenBy(d => d.X1).Select(d =>
        {
            var visualOrder = d.Candidates.OrderByDescending(c => c.VisualScore).Select(c => c.SkuId).ToList();
            var candidates = d.Candidates.OrderByDescending(c => c.FinalScore).Select(c => new CandidateView(
                SkuOf(c.SkuId), c.VisualScore, c.RealgramCoefficient, c.FinalScore,
                c.VisualScore > 0 ? visualOrder.IndexOf(c.SkuId) + 1 : null)).ToList();
            return new DetectionView(d.Id, d.X1, d.Y1, d.X2, d.Y2, d.DetectorScore, d.PredictedSkuId is { } p ? SkuOf(p) : null,
                d.FinalScore, d.ReviewStatus, candidates, d.Unknown)
            {
                Stages = d.RankerVersion is { } version
                    ? new DecisionStages(version, d.RealgramSkuId is { } r ? SkuOf(r) : null, d.RankerSkuId is { } k ? SkuOf(k) : null, d.TrackSince, d.KeptByTracking)
                    : null,
            };
        }).ToList();

        var timeline = await db.Captures.AsNoTracking().Where(c => c.ShelfId == capture.ShelfId)
            .OrderByDescending(c => c.TakenAt).Take(TimelineLength).Select(c => new ShelfTimelineEntry(c.Id, c.TakenAt)).ToListAsync(ct);
        timeline.Reverse();
        if (timeline.All(m => m.CaptureId != capture.Id))
            timeline.Insert(0, new ShelfTimelineEntry(capture.Id, capture.TakenAt));

        return new CaptureView(capture.Id, capture.ShelfId, shelf?.Name ?? "", shelf?.StoreName ?? "", capture.TakenAt, capture.Width, capture.Height,
            capture.Status, capture.FailureReason, detections, timeline,
            annotations.Select(a => new AnnotationView(a.Id, SkuOf(a.SkuId), a.Box, a.CapturedAt, a.AnnotatedAt)).ToList())
        {
            Quality = capture.QualityStatus,
            QualityIssues = capture.QualityIssues?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? [],
        };
    }

    /// <summary>The capture's photo, as stored (tenant-checked through the query filter).</summary>
    public async Task<(Guid TenantId, string BlobName)?> FindPhotoAsync(Guid captureId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var capture = await db.Captures.AsNoTracking().Where(c => c.Id == captureId).Select(c => new { c.TenantId, c.BlobName }).SingleOrDefaultAsync(ct);
        return capture is null ? null : (capture.TenantId, capture.BlobName);
    }
}
