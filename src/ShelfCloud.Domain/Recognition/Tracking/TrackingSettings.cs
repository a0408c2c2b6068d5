using System.Text.Json.Serialization;

namespace ShelfCloud.Domain.Recognition.Tracking;

/// <summary>How facings are followed from one capture of a camera to the next (docs/realgram.md, "Tracking").</summary>
public sealed record TrackingSettings
{
    /// <summary>A facing continues a track only when its box overlaps the track's last box at least this much (IoU).</summary>
    [JsonPropertyName("min_iou")]
    public double MinIoU { get; init; } = 0.5;

    /// <summary>
    /// ... and when its crop looks like the track (cosine to the track's mean look) at least this much: a product
    /// replaced by another at the same place starts a new track.
    /// </summary>
    [JsonPropertyName("min_appearance")]
    public double MinAppearance { get; init; } = 0.45;

    /// <summary>Share of a track's evidence carried into the next capture (older captures count for less).</summary>
    [JsonPropertyName("decay")]
    public double Decay { get; init; } = 0.8;

    /// <summary>Evidence a challenger needs above the track's SKU before the track's label changes (hysteresis).</summary>
    [JsonPropertyName("switch_margin")]
    public double SwitchMargin { get; init; } = 0.6;

    /// <summary>
    /// Where a track's mean open-set margin counts as unknown (in cosine, above the per-photo threshold): a mean over
    /// several photos is steadier than one photo, so it can ask for more before it calls a facing a catalog product.
    /// </summary>
    [JsonPropertyName("unknown_offset")]
    public double UnknownOffset { get; init; }

    /// <summary>
    /// How far (in cosine) the track's mean open-set margin must cross <see cref="UnknownOffset"/> before its unknown answer changes.
    /// </summary>
    [JsonPropertyName("unknown_hysteresis")]
    public double UnknownHysteresis { get; init; } = 0.02;

    /// <summary>Captures a track may go unseen (a missed detection, a shopper in the way) before it ends.</summary>
    [JsonPropertyName("max_missed_captures")]
    public int MaxMissedCaptures { get; init; } = 2;

    /// <summary>The settings a tenant starts with.</summary>
    [JsonIgnore]
    public static TrackingSettings Default { get; } = new();
}
