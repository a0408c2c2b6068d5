using Microsoft.EntityFrameworkCore;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Infrastructure.Availability;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Indexing;
using ShelfCloud.Infrastructure.Onboarding;

namespace ShelfCloud.Infrastructure.Review;

public enum ReviewVerdict
{
    /// <summary>The prediction is right.</summary>
    Accept,

    /// <summary>It is another SKU (given with the decision).</summary>
    Correct,

    /// <summary>Not a product, or a box too wrong to label.</summary>
    Reject,
}

public sealed record ReviewDecision(long DetectionId, ReviewVerdict Verdict, Guid? SkuId = null);

/// <summary>
/// Records annotators' decisions: the detection's review status, an <c>Annotation</c> (which feeds the shelf's realgram),
/// and — through <see cref="AnnotationSearchSpace"/> — the crop's embedding in the tenant's search space, at once; then
/// re-analyses the captures (<see cref="CaptureAnalyzer"/>) so availability, share and acceptance figures follow.
/// Deciding again on the same detection replaces the earlier decision.
/// </summary>
public sealed class ReviewDecisions(
    IDbContextFactory<ShelfCloudDbContext> dbFactory, AnnotationSearchSpace searchSpace, CaptureAnalyzer analyzer, TimeProvider clock)
{
    public async Task<int> DecideAsync(IReadOnlyList<ReviewDecision> decisions, string? annotatorUserId, CancellationToken ct = default)
    {
        if (decisions.Count == 0)
            return 0;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ids = decisions.Select(d => d.DetectionId).ToList();
        var detections = await db.Detections.Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, ct);
        if (detections.Count != ids.Distinct().Count())
            throw new NotFoundInTenantException("Detection");
        var captureIds = detections.Values.Select(d => d.CaptureId).Distinct().ToList();
        var captures = await db.Captures.Where(c => captureIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var previous = await db.Annotations.Where(a => a.DetectionId != null && ids.Contains(a.DetectionId.Value)).ToListAsync(ct);
        var correctedSkus = decisions.Where(d => d.Verdict == ReviewVerdict.Correct).Select(d => d.SkuId ?? Guid.Empty).Distinct().ToList();
        if (correctedSkus.Count > 0 && await db.Skus.CountAsync(s => correctedSkus.Contains(s.Id), ct) != correctedSkus.Count)
            throw new NotFoundInTenantException("SKU");

        db.Annotations.RemoveRange(previous);
        var added = new List<(Annotation Annotation, Capture Capture)>();
        var now = clock.GetUtcNow();
        foreach (var decision in decisions)
        {
            var detection = detections[decision.DetectionId];
            var capture = captures[detection.CaptureId];
            var sku = decision.Verdict switch
            {
                ReviewVerdict.Accept => detection.PredictedSkuId ?? throw new OnboardingException("There is no prediction to accept: choose a SKU."),
                ReviewVerdict.Correct => decision.SkuId!.Value,
                _ => (Guid?)null,
            };
            detection.ReviewStatus = sku is null ? ReviewStatus.Rejected : sku == detection.PredictedSkuId ? ReviewStatus.Accepted : ReviewStatus.Corrected;
            if (sku is not { } skuId)
                continue;
            var annotation = new Annotation
            {
                ShelfId = capture.ShelfId, CaptureId = capture.Id, DetectionId = detection.Id, SkuId = skuId,
                X1 = detection.X1, Y1 = detection.Y1, X2 = detection.X2, Y2 = detection.Y2,
                CapturedAt = capture.TakenAt, AnnotatedAt = now, AnnotatorUserId = annotatorUserId,
                AcceptedPrediction = detection.ReviewStatus == ReviewStatus.Accepted,
            };
            db.Annotations.Add(annotation);
            added.Add((annotation, capture));
        }
        await db.SaveChangesAsync(ct);

        await searchSpace.RemoveAsync(decisions.Select(d => d.DetectionId).ToList(), ct);
        await searchSpace.AddAsync(added, ct);
        // The captures' figures (products, facings per SKU, acceptance) follow the annotators' decisions.
        await analyzer.AnalyzeAsync(captureIds, ct);
        return decisions.Count;
    }
}
