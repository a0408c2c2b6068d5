using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Recognition;
using ShelfCloud.Domain.Recognition.Ranking;
using ShelfCloud.Infrastructure.Availability;
using ShelfCloud.Vision.Recognition;

namespace ShelfCloud.Infrastructure.Recognition;

/// <summary>
/// What a detection row records of a recognised product and its final choice: written new by the recognition job,
/// written over by a back-fill (the box, the detector's answer and the kept embedding stay).
/// </summary>
public static class DetectionWriter
{
    public static Detection New(Guid captureId, RecognizedProduct product, FacingDecision? decision, string? rankerVersion)
    {
        ArgumentNullException.ThrowIfNull(product);
        var detection = new Detection
        {
            CaptureId = captureId,
            X1 = product.Box.X1,
            Y1 = product.Box.Y1,
            X2 = product.Box.X2,
            Y2 = product.Box.Y2,
            DetectorScore = product.DetectorScore,
            DetectorClass = product.ClassName,
            Embedding = product.Embedding is { Length: > 0 } embedding && !CaptureMeasurer.IsEmptyFacingClass(product.ClassName) ? Int8Vector.Encode(embedding) : null,
            ReviewStatus = ReviewStatus.Unreviewed,
        };
        Rescore(detection, product, decision, rankerVersion);
        return detection;
    }

    /// <summary>
    /// Records the product's candidates and the final choice on the detection; returns true when its answer (the SKU,
    /// or unknown) changed.
    /// </summary>
    public static bool Rescore(Detection detection, RecognizedProduct product, FacingDecision? decision, string? rankerVersion)
    {
        ArgumentNullException.ThrowIfNull(detection);
        ArgumentNullException.ThrowIfNull(product);
        var before = (detection.PredictedSkuId, detection.Unknown);
        detection.PredictedSkuId = product.SkuId;
        detection.Unknown = product.Unknown;
        detection.FinalScore = product.Candidates.Count == 0 ? 0 : product.Candidates[0].FinalScore;
        detection.Candidates = product.Candidates.Select(c => c.ToDetectionCandidate()).ToList();
        if (decision is not null)
        {
            detection.PredictedSkuId = decision.SkuId;
            detection.FinalScore = product.Candidates.FirstOrDefault(c => c.SkuId == decision.SkuId)?.FinalScore ?? detection.FinalScore;
            detection.Unknown = decision.SkuId is null && product.Candidates.Count > 0;
            detection.RealgramSkuId = decision.RealgramSkuId;
            detection.RankerSkuId = decision.RankerSkuId;
            detection.RankerVersion = rankerVersion;
            detection.RankerFeatures = decision.Features.Length == 0 ? null : RankerFeatureJson.Write(decision.Features);
            detection.TrackId = decision.Tracked?.Track.Id;
            detection.TrackSince = decision.Tracked?.Track.Since;
            detection.KeptByTracking = decision.Tracked?.KeptAgainst is not null;
        }

        return before != (detection.PredictedSkuId, detection.Unknown);
    }
}
