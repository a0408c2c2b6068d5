namespace ShelfCloud.Vision.Tooling.Synthetic;

/// <summary>One slot on a shelf row: a SKU's facing, drawn or (when out of stock) left empty.</summary>
public sealed record PlannedFacing(int SkuIndex, float X, float Width, float Height);

/// <summary>A shelf row: products stand on <see cref="BoardY"/>; <see cref="Top"/> is the row's upper bound.</summary>
public sealed record PlannedRow(float Top, float BoardY, IReadOnlyList<PlannedFacing> Facings);

/// <summary>A shelf's planogram in flat (front-on) pixels, before the camera's perspective and optics.</summary>
public sealed record ShelfPlan(int Width, int Height, IReadOnlyList<PlannedRow> Rows)
{
    public IEnumerable<PlannedFacing> AllFacings => Rows.SelectMany(r => r.Facings);
}
