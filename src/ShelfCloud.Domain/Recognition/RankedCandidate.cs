using ShelfCloud.Domain.Captures;

namespace ShelfCloud.Domain.Recognition;

/// <summary>
/// A candidate SKU after realgram fusion, with both rankings' evidence so the UI can explain the prediction.
/// </summary>
/// <param name="SkuId">The candidate SKU.</param>
/// <param name="VisualRank">1-based rank in the visual top-K; null when the realgram brought the SKU in from outside it.</param>
/// <param name="VisualScore">The crop's similarity to the SKU.</param>
/// <param name="RealgramCoefficient">c_p: how strongly the shelf's recent annotations put this SKU at this place (0..1).</param>
/// <param name="FinalScore">VisualScore + w · RealgramCoefficient.</param>
public sealed record RankedCandidate(
    Guid SkuId,
    int? VisualRank,
    float VisualScore,
    float RealgramCoefficient,
    float FinalScore)
{
    /// <summary>The persisted shape of this candidate.</summary>
    public DetectionCandidate ToDetectionCandidate() => new()
    {
        SkuId = SkuId,
        VisualScore = VisualScore,
        RealgramCoefficient = RealgramCoefficient,
        FinalScore = FinalScore,
    };
}
