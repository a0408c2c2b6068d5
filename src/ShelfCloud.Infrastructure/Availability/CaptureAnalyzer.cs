using Microsoft.EntityFrameworkCore;
using ShelfCloud.Domain.Alerts;
using ShelfCloud.Domain.Analytics;
using ShelfCloud.Domain.Availability;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Captures.Quality;
using ShelfCloud.Domain.Recognition;
using ShelfCloud.Domain.Onboarding;
using ShelfCloud.Infrastructure.Alerts;
using ShelfCloud.Infrastructure.Data;

namespace ShelfCloud.Infrastructure.Availability;

/// <summary>What <see cref="CaptureAnalyzer.AnalyzeAsync(Guid, CancellationToken)"/> did with a capture.</summary>
public enum CaptureAnalysisStatus
{
    /// <summary>Figures written (or replaced) and out-of-stock events updated.</summary>
    Analyzed,

    /// <summary>No such capture in the current tenant.</summary>
    NotFound,

    /// <summary>The capture is not Recognized (pending, processing or failed): nothing to analyse yet.</summary>
    NotRecognized,

    /// <summary>
    /// The photo is poor (blurred, dark, covered, moved, a repeated frame): its detections stay for the record, but it is
    /// no evidence for out-of-stock, availability or share, so the shelf keeps its last good state.
    /// </summary>
    PoorQuality,
}

/// <summary>The outcome of analysing one capture.</summary>
public sealed record CaptureAnalysisResult(
    Guid CaptureId, CaptureAnalysisStatus Status, int Products = 0, int EmptyFacings = 0, int EventsRaised = 0, int EventsCleared = 0);

/// <summary>The capture fields the analysis needs.</summary>
internal sealed record AnalysedCapture(Guid Id, Guid StoreId, Guid ShelfId, Guid CameraId, DateTimeOffset TakenAt, CaptureStatus Status, CaptureQualityStatus Quality);

/// <summary>
/// The availability stage of the pipeline (docs/architecture.md), after recognition: turns a Recognized capture's detections into the figures the
/// availability, share-of-shelf and dashboard pages read — one <see cref="CaptureShelfStats"/> row (products, empty
/// facings, reviews), one <see cref="CaptureSkuFacings"/> row per SKU — and updates the shelf's out-of-stock events.
/// Idempotent: analysing a capture again replaces its figures and never duplicates an event, which is also how review
/// decisions reach the figures. Works in the current tenant only.
/// </summary>
public sealed class CaptureAnalyzer(
    IDbContextFactory<ShelfCloudDbContext> dbFactory, CaptureMeasurer measurer, MissingSkuEvents events, AlertOutbox outbox, TimeProvider clock)
{
    /// <summary>Analyses one capture of the current tenant.</summary>
    public async Task<CaptureAnalysisResult> AnalyzeAsync(Guid captureId, CancellationToken ct = default)
    {
        await using var probe = await dbFactory.CreateDbContextAsync(ct);
        // SQL Server retries transient faults; a retried attempt must start over with a fresh context.
        return await probe.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(token);
            return await AnalyzeAsync(db, captureId, token);
        }, ct);
    }

    /// <summary>
    /// Analyses several captures of the current tenant in the order they were taken, which is the order out-of-stock
    /// tracking expects; ids of other tenants or unknown ids come back <see cref="CaptureAnalysisStatus.NotFound"/>.
    /// </summary>
    public async Task<IReadOnlyList<CaptureAnalysisResult>> AnalyzeAsync(IReadOnlyCollection<Guid> captureIds, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(captureIds);
        List<Guid> ordered;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            ordered = await db.Captures.Where(c => captureIds.Contains(c.Id)).OrderBy(c => c.TakenAt).Select(c => c.Id).ToListAsync(ct);
        }

        var results = new List<CaptureAnalysisResult>(captureIds.Count);
        foreach (var id in ordered)
            results.Add(await AnalyzeAsync(id, ct));
        results.AddRange(captureIds.Except(ordered).Select(id => new CaptureAnalysisResult(id, CaptureAnalysisStatus.NotFound)));
        return results;
    }

    private async Task<CaptureAnalysisResult> AnalyzeAsync(ShelfCloudDbContext db, Guid captureId, CancellationToken ct)
    {
        // Reads happen inside the transaction: on SQLite it takes the write lock first (BEGIN IMMEDIATE), so two
        // analyses of one shelf cannot both decide to open the same event.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var capture = await db.Captures.AsNoTracking().Where(c => c.Id == captureId)
            .Select(c => new AnalysedCapture(c.Id, c.StoreId, c.ShelfId, c.CameraId, c.TakenAt, c.Status, c.QualityStatus))
            .SingleOrDefaultAsync(ct);
        if (capture is null)
            return new CaptureAnalysisResult(captureId, CaptureAnalysisStatus.NotFound);
        if (capture.Status != CaptureStatus.Recognized)
            return new CaptureAnalysisResult(captureId, CaptureAnalysisStatus.NotRecognized);
        if (capture.Quality == CaptureQualityStatus.Poor)
        {
            await db.CaptureSkuFacings.Where(f => f.CaptureId == capture.Id).ExecuteDeleteAsync(ct);
            await db.CaptureShelfStats.Where(s => s.CaptureId == capture.Id).ExecuteDeleteAsync(ct);
            await transaction.CommitAsync(ct);
            return new CaptureAnalysisResult(captureId, CaptureAnalysisStatus.PoorQuality);
        }

        var detections = await DetectionsOfAsync(db, captureId, ct);
        var kept = detections.Where(d => d.Status != ReviewStatus.Rejected).ToList();
        var measurement = measurer.Measure(
            kept.Where(d => !d.IsEmptyFacing).Select(d => d.Product).ToList(),
            kept.Where(d => d.IsEmptyFacing).Select(d => d.Product.Box).ToList());
        var timeZone = await db.Stores.Where(s => s.Id == capture.StoreId).Select(s => s.TimeZone).SingleOrDefaultAsync(ct);
        var reviews = AcceptanceRate.Of(detections.Where(d => !d.IsEmptyFacing).Select(d => d.Status));
        var unknown = kept.Count(d => d.IsUnknown && !d.IsEmptyFacing);
        await ReplaceFiguresAsync(db, capture, measurement, unknown, reviews, StoreTime.For(timeZone).DayOf(capture.TakenAt), ct);
        var changes = await events.UpdateAsync(db, capture, measurement.Skus.Select(s => s.SkuId).ToHashSet(), ct);
        foreach (var raised in changes.RaisedEvents)
        {
            var body = await OutOfStockBodyAsync(db, capture, raised, ct);
            var alert = new AlertText($"{body["sku"] ?? "A product"} is missing on {body["shelf"]} ({body["store"]})", capture.StoreId, capture.Id,
                AlertSeverity.Warning, $"{WebhookEvents.OutOfStock}:{capture.ShelfId:N}:{raised.SkuId:N}");
            await outbox.EnqueueAsync(db, WebhookEvents.OutOfStock, alert, body, ct);
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new CaptureAnalysisResult(captureId, CaptureAnalysisStatus.Analyzed, measurement.Products, measurement.EmptyFacings, changes.Raised, changes.Cleared);
    }

    /// <summary>The <c>out_of_stock</c> webhook body: which SKU, where, since when, and the capture that confirmed it.</summary>
    private static async Task<Dictionary<string, object?>> OutOfStockBodyAsync(ShelfCloudDbContext db, AnalysedCapture capture, OutOfStockEvent raised, CancellationToken ct)
    {
        var place = await db.Cameras.AsNoTracking().Where(c => c.Id == capture.CameraId)
            .Select(c => new { Camera = c.Name, Shelf = c.Shelf!.Name, Store = c.Shelf.Store!.Name }).SingleOrDefaultAsync(ct);
        var sku = await db.Skus.AsNoTracking().Where(s => s.Id == raised.SkuId).Select(s => new { s.Code, s.Name }).SingleOrDefaultAsync(ct);
        return new Dictionary<string, object?>
        {
            ["store_id"] = capture.StoreId, ["store"] = place?.Store, ["shelf_id"] = capture.ShelfId, ["shelf"] = place?.Shelf,
            ["camera_id"] = capture.CameraId, ["camera"] = place?.Camera, ["capture_id"] = capture.Id,
            ["sku_id"] = raised.SkuId, ["sku_code"] = sku?.Code, ["sku"] = sku?.Name,
            ["missing_since"] = raised.StartedAt, ["consecutive_captures"] = raised.ConsecutiveCaptures,
        };
    }

    private readonly record struct AnalysedDetection(MeasuredProduct Product, ReviewStatus Status, bool IsEmptyFacing, bool IsUnknown);

    /// <summary>
    /// The capture's detections with their review status and whether the detector classed them as empty facings. Where
    /// an annotator named the SKU, that SKU counts instead of the prediction; the caller leaves out the rejected ones.
    /// </summary>
    private static async Task<List<AnalysedDetection>> DetectionsOfAsync(ShelfCloudDbContext db, Guid captureId, CancellationToken ct)
    {
        var detections = await db.Detections.AsNoTracking()
            .Where(d => d.CaptureId == captureId)
            .Select(d => new { d.Id, d.X1, d.Y1, d.X2, d.Y2, d.PredictedSkuId, d.ReviewStatus, d.DetectorClass, d.Unknown })
            .ToListAsync(ct);
        var annotated = await db.Annotations.AsNoTracking()
            .Where(a => a.CaptureId == captureId && a.DetectionId != null)
            .OrderBy(a => a.AnnotatedAt)
            .Select(a => new { DetectionId = a.DetectionId!.Value, a.SkuId })
            .ToListAsync(ct);
        var skuOf = new Dictionary<long, Guid>();
        foreach (var annotation in annotated)
            skuOf[annotation.DetectionId] = annotation.SkuId;
        return detections
            .Select(d => new AnalysedDetection(
                new MeasuredProduct(new BoundingBox(d.X1, d.Y1, d.X2, d.Y2), skuOf.TryGetValue(d.Id, out var sku) ? sku : d.PredictedSkuId),
                d.ReviewStatus,
                CaptureMeasurer.IsEmptyFacingClass(d.DetectorClass),
                d.Unknown && !skuOf.ContainsKey(d.Id)))
            .ToList();
    }

    private async Task ReplaceFiguresAsync(
        ShelfCloudDbContext db, AnalysedCapture capture, CaptureMeasurement measurement, int unknownProducts, AcceptanceRate reviews, DateOnly day,
        CancellationToken ct)
    {
        await db.CaptureSkuFacings.Where(f => f.CaptureId == capture.Id).ExecuteDeleteAsync(ct);
        await db.CaptureShelfStats.Where(s => s.CaptureId == capture.Id).ExecuteDeleteAsync(ct);
        db.CaptureShelfStats.Add(new CaptureShelfStats
        {
            CaptureId = capture.Id, StoreId = capture.StoreId, ShelfId = capture.ShelfId, TakenAt = capture.TakenAt, Day = day,
            Products = measurement.Products, EmptyFacings = measurement.EmptyFacings, UnknownProducts = unknownProducts, Rows = measurement.Rows,
            Reviewed = reviews.Reviewed, Accepted = reviews.Accepted, AnalyzedAt = clock.GetUtcNow(),
            Gaps = measurement.Gaps.Select(g => new EmptyFacingBox
            {
                X1 = g.Box.X1, Y1 = g.Box.Y1, X2 = g.Box.X2, Y2 = g.Box.Y2, MissingFacings = g.MissingFacings,
            }).ToList(),
        });
        db.CaptureSkuFacings.AddRange(measurement.Skus.Select(s => new CaptureSkuFacings
        {
            CaptureId = capture.Id, SkuId = s.SkuId, StoreId = capture.StoreId, ShelfId = capture.ShelfId, TakenAt = capture.TakenAt,
            Day = day, Facings = s.Facings, LinearWidth = s.LinearWidth,
        }));
    }
}
