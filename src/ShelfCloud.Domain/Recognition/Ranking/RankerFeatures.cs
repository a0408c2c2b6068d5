namespace ShelfCloud.Domain.Recognition.Ranking;

/// <summary>
/// The per-candidate features of the second-level ranker: how the candidate fares visually and in the realgram
/// (scores, ranks, margins to the best), whether the facing's track and its neighbours agree, whether the shelf holds it.
/// </summary>
public static class RankerFeatures
{
    /// <summary>At most this many candidates (by final score) are ranked per facing.</summary>
    public const int MaxCandidates = 10;

    /// <summary>The feature names, in vector order (a model stores them and is refused when they differ).</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "visual_score", "visual_margin", "visual_rank_inverse", "realgram_coefficient", "final_margin", "final_rank_inverse",
        "track_share", "is_track_label", "track_confidence", "neighbours_agree", "on_product_list",
    ];

    /// <summary>One feature vector per ranked candidate (the first <see cref="MaxCandidates"/>, in order).</summary>
    public static double[][] For(FacingContext facing)
    {
        ArgumentNullException.ThrowIfNull(facing);
        var candidates = facing.Candidates.Take(MaxCandidates).ToList();
        if (candidates.Count == 0)
            return [];
        var bestVisual = candidates.Max(c => c.VisualScore);
        var bestFinal = candidates.Max(c => c.FinalScore);
        var track = facing.Track;
        return candidates.Select((c, rank) =>
        {
            var isTrackLabel = track is not null && track.SkuId == c.SkuId ? 1.0 : 0.0;
            return new[]
            {
                c.VisualScore,
                c.VisualScore - bestVisual,
                c.VisualRank is { } r ? 1.0 / r : 0,
                c.RealgramCoefficient,
                c.FinalScore - bestFinal,
                1.0 / (rank + 1),
                track?.ShareOf(c.SkuId) ?? 0,
                isTrackLabel,
                isTrackLabel * Math.Log(1 + (track?.Observations ?? 0)),
                facing.NeighbourSkus.Count == 0 ? 0 : facing.NeighbourSkus.Count(n => n == c.SkuId) / (double)facing.NeighbourSkus.Count,
                facing.ProductList.Contains(c.SkuId) ? 1 : 0,
            };
        }).ToArray();
    }
}
