using ShelfCloud.Domain.Captures;

namespace ShelfCloud.Domain.Recognition.Tracking;

/// <summary>What one capture says about one facing: where, how it looks, and its vote over SKUs.</summary>
/// <param name="Box">The detection's box.</param>
/// <param name="Embedding">The crop's L2-normalised embedding.</param>
/// <param name="Votes">Probabilities per SKU (summing to at most 1); a null SKU votes for "unknown".</param>
/// <param name="OpenSetMargin">
/// The crop's best visual similarity minus the open-set threshold (below 0: this photo alone says unknown); null when no
/// open-set rule applies.
/// </param>
public sealed record FacingObservation(BoundingBox Box, float[] Embedding, IReadOnlyList<SkuVote> Votes, double? OpenSetMargin = null);

/// <summary>A probability that the facing is <paramref name="SkuId"/> (null: a product outside the catalog).</summary>
public readonly record struct SkuVote(Guid? SkuId, double Probability);

/// <summary>The tracker's answer for one facing.</summary>
/// <param name="Track">The track it continues or starts, updated with this capture.</param>
/// <param name="Continued">True when an earlier capture's track was continued.</param>
/// <param name="KeptAgainst">The capture's own best SKU when the track's hysteresis kept a different label; else null.</param>
public sealed record TrackedFacing(FacingTrack Track, bool Continued, SkuVote? KeptAgainst)
{
    /// <summary>The label tracking gives the facing (null: unknown).</summary>
    public Guid? SkuId => Track.IsUnknown ? null : Track.SkuId;
}
