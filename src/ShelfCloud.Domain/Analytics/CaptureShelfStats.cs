using ShelfCloud.Domain.Tenancy;

namespace ShelfCloud.Domain.Analytics;

/// <summary>
/// What one analysed capture says about its shelf: how many products stand on it, how many facings are empty and
/// where. One row per capture, written by the analysis after recognition; availability pages read these rows, never
/// the detections.
/// </summary>
public sealed class CaptureShelfStats : ITenantOwned
{
    public Guid CaptureId { get; set; }
    public Guid TenantId { get; set; }
    public Guid StoreId { get; set; }
    public Guid ShelfId { get; set; }
    public DateTimeOffset TakenAt { get; set; }

    /// <summary>The capture's calendar day in the store's time zone.</summary>
    public DateOnly Day { get; set; }

    /// <summary>Products on the shelf (detections not rejected by an annotator).</summary>
    public int Products { get; set; }

    /// <summary>Missing facings found in the gaps between and beside the products.</summary>
    public int EmptyFacings { get; set; }

    /// <summary>Products answered "unknown" (no SKU of the catalog close enough) that no annotator has named.</summary>
    public int UnknownProducts { get; set; }

    /// <summary>Shelf rows the products were grouped into.</summary>
    public int Rows { get; set; }

    /// <summary>Predictions of this capture an annotator reviewed (accepted, corrected or rejected).</summary>
    public int Reviewed { get; set; }

    /// <summary>Reviewed predictions accepted unchanged: the acceptance rate's numerator.</summary>
    public int Accepted { get; set; }

    public DateTimeOffset AnalyzedAt { get; set; }

    /// <summary>The gaps, in pixels of the capture, for the spatial heatmap.</summary>
    public List<EmptyFacingBox> Gaps { get; set; } = [];

    /// <summary>Products / (products + empty facings); see <see cref="ShelfAvailability.Of"/>.</summary>
    public double? Availability => ShelfAvailability.Of(Products, EmptyFacings);
}

/// <summary>One gap of a capture: its box in pixels and roughly how many facings fit in it.</summary>
public sealed class EmptyFacingBox
{
    public float X1 { get; set; }
    public float Y1 { get; set; }
    public float X2 { get; set; }
    public float Y2 { get; set; }
    public float MissingFacings { get; set; }
}
