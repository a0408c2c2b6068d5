using ShelfCloud.Domain.Captures;

namespace ShelfCloud.Domain.Recognition.Tracking;

/// <summary>
/// One product facing followed across captures of a camera: where it was last seen, what it looks like, the evidence
/// gathered for each SKU (the key <see cref="FacingTracker.UnknownKey"/> stands for "not in the catalog") and the label
/// it carries.
/// </summary>
/// <param name="Id">Stable across the captures the track spans.</param>
/// <param name="Box">The box in the latest capture that saw it.</param>
/// <param name="Look">The mean L2-normalised embedding of its crops.</param>
/// <param name="SkuId">The track's SKU; null while it says unknown.</param>
/// <param name="Since">When the track began: the same product has stood here since.</param>
/// <param name="Evidence">Decayed sum of the per-capture votes, per SKU.</param>
/// <param name="Observations">Captures that saw it.</param>
/// <param name="Missed">Consecutive captures that did not see it.</param>
/// <param name="OpenSet">Decayed sums of the captures' open-set margins and of their weights; null without an open-set rule.</param>
/// <param name="ConfirmedAt">When the capture an annotator confirmed this track's SKU on was taken; null: never confirmed.</param>
public sealed record FacingTrack(
    Guid Id,
    BoundingBox Box,
    float[] Look,
    Guid? SkuId,
    DateTimeOffset Since,
    IReadOnlyDictionary<Guid, double> Evidence,
    int Observations,
    int Missed = 0,
    OpenSetEvidence? OpenSet = null,
    DateTimeOffset? ConfirmedAt = null)
{
    /// <summary>True when the track's photos, taken together, match no SKU well enough: the facing is answered unknown.</summary>
    public bool IsUnknown => OpenSet is { } open ? open.Unknown : SkuId is null;

    /// <summary>The track's evidence for <paramref name="skuId"/> as a share of all its evidence (0..1).</summary>
    public double ShareOf(Guid? skuId)
    {
        var total = Evidence.Values.Sum();
        return total <= 0 ? 0 : Evidence.GetValueOrDefault(skuId ?? FacingTracker.UnknownKey) / total;
    }
}

/// <summary>
/// A track's open-set evidence: the decayed mean of its photos' margins (best similarity minus threshold), so one photo
/// of a known product that falls under the threshold, or one of an unknown product that rises over it, does not flip
/// the answer; and the answer itself, which changes only when the mean crosses the threshold by a hysteresis.
/// </summary>
public sealed record OpenSetEvidence(double Sum, double Weight, bool Unknown)
{
    public double Margin => Weight <= 0 ? 0 : Sum / Weight;

    /// <summary>
    /// An annotator said the facing is a catalog product: the mean margin is lifted to where it turns known (if it was
    /// lower), so later photos have to argue as long as for a track that was always known before it turns unknown.
    /// </summary>
    public OpenSetEvidence Confirmed(double offset, double hysteresis) =>
        new(Math.Max(Sum, (offset + hysteresis) * Weight), Weight, false);

    /// <summary>The first photo's evidence: unknown when its margin is under <paramref name="offset"/>.</summary>
    public static OpenSetEvidence Start(double margin, double offset) => new(margin, 1, margin < offset);

    /// <summary>
    /// Adds a photo; the answer turns unknown when the mean margin falls below <paramref name="offset"/> −
    /// <paramref name="hysteresis"/> and known again above <paramref name="offset"/> + <paramref name="hysteresis"/>.
    /// </summary>
    public OpenSetEvidence Add(double margin, double decay, double offset, double hysteresis)
    {
        var next = new OpenSetEvidence(Sum * decay + margin, Weight * decay + 1, Unknown);
        return next with { Unknown = Unknown ? next.Margin < offset + hysteresis : next.Margin < offset - hysteresis };
    }
}
