namespace ShelfCloud.Infrastructure.Availability;

/// <summary>Section <c>Availability</c>: how captures are analysed into availability figures and out-of-stock events.</summary>
public sealed class AvailabilityOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string Section = "Availability";

    /// <summary>Consecutive captures without a SKU of the shelf's product list before its out-of-stock event opens.</summary>
    public int CapturesToRaise { get; set; } = 3;

    /// <summary>A gap counts as empty facings when wider than this fraction of the row's typical product width.</summary>
    public float MinGapFraction { get; set; } = 0.5f;

    /// <summary>Vertical overlap (fraction of the shorter height) that puts a product into a shelf row.</summary>
    public float RowOverlap { get; set; } = 0.5f;

    /// <summary>
    /// Minutes after a shelf's last good photo (recognised, not poor) when its figures are shown as stale: a camera
    /// that is offline or covered leaves the shelf's last good state in place, marked as old rather than as empty.
    /// </summary>
    public int StaleAfterMinutes { get; set; } = 120;

    /// <summary>How many recent captures the per-shelf spatial heatmap accumulates.</summary>
    public int ShelfHeatmapCaptures { get; set; } = 20;

    /// <summary>
    /// Seconds between sweeps that analyse recognised captures nobody analysed yet (a crash between recognition and
    /// analysis, or captures recognised before this feature existed); 0 turns the sweep off.
    /// </summary>
    public int SweepIntervalSeconds { get; set; } = 300;
}
