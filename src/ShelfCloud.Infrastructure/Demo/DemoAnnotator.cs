using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Infrastructure.Blobs;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Review;
using ShelfCloud.Infrastructure.Tenancy;

namespace ShelfCloud.Infrastructure.Demo;

/// <summary>
/// Plays the demo tenant's annotator: once a capture with ground truth is recognised, it reviews every detection the
/// way a careful person would (accept when right, correct when wrong, reject what is not a product), through the same
/// <see cref="ReviewDecisions"/> the review page uses. The ground truth is removed afterwards, so each capture is reviewed once.
/// </summary>
public sealed class DemoAnnotator(IDbContextFactory<ShelfCloudDbContext> dbFactory, IBlobStore blobs, ReviewDecisions decisions, ITenantContext tenant)
{
    private const float MatchIoU = 0.5f;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Reviews every recognised capture that still has ground truth; returns how many captures it reviewed and how many still wait.</summary>
    public async Task<(int Reviewed, int Waiting)> ReviewRecognisedAsync(CancellationToken ct = default)
    {
        var tenantId = tenant.TenantId ?? throw new TenantAccessViolationException("No tenant is selected.");
        var pending = new List<Guid>();
        await foreach (var entry in blobs.ListAsync(tenantId, "demo/ground-truth/", ct))
        {
            if (Guid.TryParse(Path.GetFileNameWithoutExtension(entry.Name), out var id))
                pending.Add(id);
        }
        if (pending.Count == 0)
            return (0, 0);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var recognised = await db.Captures.Where(c => pending.Contains(c.Id) && c.Status == CaptureStatus.Recognized)
            .Select(c => c.Id).ToListAsync(ct);
        foreach (var captureId in recognised)
        {
            await ReviewAsync(db, tenantId, captureId, ct);
            await blobs.DeleteAsync(tenantId, DemoGroundTruth.BlobName(captureId), ct);
        }
        return (recognised.Count, pending.Count - recognised.Count);
    }

    private async Task ReviewAsync(ShelfCloudDbContext db, Guid tenantId, Guid captureId, CancellationToken ct)
    {
        await using var blob = await blobs.OpenReadAsync(tenantId, DemoGroundTruth.BlobName(captureId), ct);
        if (blob is null)
            return;
        var truth = await JsonSerializer.DeserializeAsync<DemoGroundTruth>(blob.Content, Json, ct);
        var detections = await db.Detections.AsNoTracking()
            .Where(d => d.CaptureId == captureId && d.ReviewStatus == ReviewStatus.Unreviewed).ToListAsync(ct);
        var reviews = detections.Select(d =>
        {
            var match = truth?.Products.MaxBy(p => p.Box.IoU(d.Box));
            if (match is null || match.Box.IoU(d.Box) < MatchIoU)
                return new ReviewDecision(d.Id, ReviewVerdict.Reject);
            return match.SkuId == d.PredictedSkuId
                ? new ReviewDecision(d.Id, ReviewVerdict.Accept)
                : new ReviewDecision(d.Id, ReviewVerdict.Correct, match.SkuId);
        }).ToList();
        await decisions.DecideAsync(reviews, annotatorUserId: null, ct);
    }
}
