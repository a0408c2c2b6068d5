using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Recognition;

namespace ShelfCloud.Vision.Recognition;

/// <summary>One detected product and, when a vector index was searched, its ranked SKU candidates.</summary>
/// <param name="Box">The box in pixels of the original, EXIF-oriented image.</param>
/// <param name="DetectorScore">The detector's confidence, 0..1.</param>
/// <param name="ClassId">The detector's class index.</param>
/// <param name="ClassName">The class name from the detector's model card, or the index when the card has none.</param>
/// <param name="Candidates">Best final score first, each with its visual score and realgram coefficient; empty in detection-only mode.</param>
/// <param name="Embedding">The crop's L2-normalised embedding; null in detection-only mode.</param>
/// <param name="Unknown">True when the crop matches no SKU well enough (<see cref="OpenSetRule"/>): no SKU, candidates kept.</param>
public sealed record RecognizedProduct(
    BoundingBox Box,
    float DetectorScore,
    int ClassId,
    string ClassName,
    IReadOnlyList<RankedCandidate> Candidates,
    float[]? Embedding,
    bool Unknown = false)
{
    /// <summary>The predicted SKU (the top final score); null when nothing was searched, nothing matched or the crop is unknown.</summary>
    public Guid? SkuId => Unknown || Candidates.Count == 0 ? null : Candidates[0].SkuId;

    /// <summary>The best visual similarity minus <paramref name="threshold"/> (what the open-set rule compares); null without either.</summary>
    public double? OpenSetMargin(float? threshold) =>
        threshold is { } t && Candidates.Any(c => c.VisualRank is not null) ? Candidates.Where(c => c.VisualRank is not null).Max(c => c.VisualScore) - t : null;
}
