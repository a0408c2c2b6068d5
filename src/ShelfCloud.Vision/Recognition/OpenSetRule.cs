using ShelfCloud.Vision.Inference;
using ShelfCloud.Vision.Search;

namespace ShelfCloud.Vision.Recognition;

/// <summary>
/// The open-set answer: a crop whose best per-SKU visual similarity stays below the threshold matches no SKU of the
/// tenant well enough and is answered "unknown". The decision uses visual evidence only, so the realgram cannot turn
/// an unknown crop into a SKU. The score and its default threshold (95 % of crops of known products keep their SKU)
/// are chosen on data in docs/models/embedder.md.
/// </summary>
public sealed class OpenSetRule
{
    private OpenSetRule(float threshold) => Threshold = threshold;

    /// <summary>Best per-SKU similarities below this are unknown.</summary>
    public float Threshold { get; }

    /// <summary>
    /// The rule for an embedder: the configured threshold, else the one calibrated into the embedder's card; null
    /// (every crop gets its best SKU) when neither is set.
    /// </summary>
    public static OpenSetRule? For(ModelCard embedderCard, float? configuredThreshold)
    {
        ArgumentNullException.ThrowIfNull(embedderCard);
        return (configuredThreshold ?? embedderCard.UnknownThreshold) is { } threshold ? new OpenSetRule(threshold) : null;
    }

    /// <summary>The score the decision uses: the best similarity over a crop's hits (-1 when there are none).</summary>
    public static float Score(IReadOnlyList<VectorMatch> hits)
    {
        ArgumentNullException.ThrowIfNull(hits);
        var best = -1f;
        foreach (var hit in hits)
        {
            best = Math.Max(best, hit.Score);
        }

        return best;
    }

    /// <summary>
    /// True when the crop's hits are all too far: unknown. A crop without hits (the tenant has no reference vectors)
    /// is not unknown, it simply has no candidates.
    /// </summary>
    public bool IsUnknown(IReadOnlyList<VectorMatch> hits) => hits.Count > 0 && Score(hits) < Threshold;
}
