using Microsoft.EntityFrameworkCore;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Recognition;
using ShelfCloud.Domain.Recognition.Learning;
using ShelfCloud.Domain.Recognition.Ranking;
using ShelfCloud.Infrastructure.Data;

namespace ShelfCloud.Infrastructure.Learning;

/// <summary>
/// The current tenant's decisions log: every detection an annotator accepted or corrected, with the SKU they gave it,
/// in the time order of the captures — what the realgram search and the ranker learn from.
/// </summary>
public sealed class AnnotatorDecisions(ShelfCloudDbContext db)
{
    private sealed record Row(Detection Detection, Guid RightSkuId, Guid ShelfId, Guid CaptureId, DateTimeOffset TakenAt);

    /// <summary>The decisions for the realgram search, each with its shelf's annotations from before its capture.</summary>
    public async Task<IReadOnlyList<RealgramDecision>> ForRealgramAsync(CancellationToken ct)
    {
        var rows = await RowsAsync(ct);
        var shelfIds = rows.Select(r => r.ShelfId).Distinct().ToList();
        var annotations = (await db.Annotations.AsNoTracking().Where(a => shelfIds.Contains(a.ShelfId)).ToListAsync(ct)).ToLookup(a => a.ShelfId);
        return rows.Select(r => new RealgramDecision(
                r.Detection.Box,
                r.TakenAt,
                r.Detection.Candidates.Select(c => new VisualCandidate(c.SkuId, c.VisualScore)).ToList(),
                r.RightSkuId,
                annotations[r.ShelfId].Where(a => a.CapturedAt < r.TakenAt && a.CaptureId != r.CaptureId).Select(ShelfAnnotation.From).ToList()))
            .ToList();
    }

    /// <summary>The decisions for the ranker: the recorded feature rows and the row of the annotator's SKU (-1: not among them).</summary>
    public async Task<IReadOnlyList<RankerExample>> ForRankerAsync(CancellationToken ct) =>
        (await RowsAsync(ct))
            .Select(r => (Rows: RankerFeatureJson.Read(r.Detection.RankerFeatures), r.Detection.Candidates, r.RightSkuId))
            .Where(r => r.Rows is not null)
            .Select(r => new RankerExample(r.Rows!, r.Candidates.Take(r.Rows!.Length).Select(c => c.SkuId).ToList().IndexOf(r.RightSkuId)))
            .ToList();

    private async Task<List<Row>> RowsAsync(CancellationToken ct)
    {
        var decided = await (
                from detection in db.Detections.AsNoTracking()
                join annotation in db.Annotations.AsNoTracking() on detection.Id equals annotation.DetectionId
                join capture in db.Captures.AsNoTracking() on detection.CaptureId equals capture.Id
                where detection.ReviewStatus == ReviewStatus.Accepted || detection.ReviewStatus == ReviewStatus.Corrected
                select new { detection, annotation.SkuId, capture.ShelfId, CaptureId = capture.Id, capture.TakenAt })
            .ToListAsync(ct);
        return decided.Select(d => new Row(d.detection, d.SkuId, d.ShelfId, d.CaptureId, d.TakenAt)).OrderBy(r => r.TakenAt).ThenBy(r => r.Detection.Id).ToList();
    }
}
