using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Shelves;

namespace ShelfCloud.Infrastructure.Availability;

/// <summary>A product found in a capture, as the analysis sees it: where it stands and which SKU it is, if known.</summary>
public readonly record struct MeasuredProduct(BoundingBox Box, Guid? SkuId);

/// <summary>One SKU's facings in a capture and the shelf width they take (sum of box widths, pixels).</summary>
public sealed record SkuFacingCount(Guid SkuId, int Facings, double LinearWidth);

/// <summary>What one capture shows: products, shelf rows, gaps, missing facings and facings per SKU.</summary>
public sealed record CaptureMeasurement(
    int Products, int Rows, IReadOnlyList<EmptyFacing> Gaps, int EmptyFacings, IReadOnlyList<SkuFacingCount> Skus);

/// <summary>
/// Measures a capture's products with the Domain's shelf algorithms: rows (<see cref="ShelfRowAnalyzer"/>), gaps
/// (<see cref="EmptyFacingFinder"/>) and facings per SKU. Boxes the detector itself labelled as empty facings add to
/// the gaps without being counted twice: a found gap holds at least as many missing facings as labelled boxes lie in
/// it, and a labelled box in no found gap is one more. Pure: the analysis and the benchmark seeding share it.
/// </summary>
public sealed class CaptureMeasurer(ShelfRowAnalyzer rows, EmptyFacingFinder gaps)
{
    /// <summary>Creates a measurer from the availability settings.</summary>
    public CaptureMeasurer(AvailabilityOptions options)
        : this(new ShelfRowAnalyzer(options.RowOverlap), new EmptyFacingFinder(options.MinGapFraction))
    {
    }

    /// <summary>Detector class names that mean "an empty facing", not a product (the default detector's is "empty").</summary>
    public static bool IsEmptyFacingClass(string? className) =>
        className is not null && (className.StartsWith("empty", StringComparison.OrdinalIgnoreCase) || className.Equals("gap", StringComparison.OrdinalIgnoreCase));

    /// <summary>Measures one capture.</summary>
    /// <param name="products">The products standing on the shelf.</param>
    /// <param name="labelledEmpty">Boxes the detector classed as empty facings; none when it has no such class.</param>
    public CaptureMeasurement Measure(IReadOnlyCollection<MeasuredProduct> products, IReadOnlyCollection<BoundingBox>? labelledEmpty = null)
    {
        ArgumentNullException.ThrowIfNull(products);
        labelledEmpty ??= [];
        var shelfRows = rows.GroupIntoRows(products, p => p.Box);
        var found = gaps.FindGaps(shelfRows);
        var inFoundGap = new HashSet<BoundingBox>();
        var missing = 0;
        foreach (var gap in found)
        {
            var labelled = labelledEmpty.Where(b => Inside(b, gap.Box)).ToList();
            inFoundGap.UnionWith(labelled);
            missing += Math.Max(MissingFacingsOf(gap), labelled.Count);
        }

        var alone = labelledEmpty.Where(b => !inFoundGap.Contains(b)).Select(b => new EmptyFacing(-1, b, 1)).ToList();
        var skus = products
            .Where(p => p.SkuId is not null)
            .GroupBy(p => p.SkuId!.Value)
            .Select(g => new SkuFacingCount(g.Key, g.Count(), g.Sum(p => (double)p.Box.Width)))
            .OrderBy(s => s.SkuId)
            .ToList();
        return new CaptureMeasurement(products.Count, shelfRows.Count, [.. found, .. alone], missing + alone.Count, skus);
    }

    // A gap narrower than one typical product still holds one missing facing: the finder only reports gaps wider
    // than MinGapFraction of a product.
    private static int MissingFacingsOf(EmptyFacing gap) => Math.Max(1, (int)MathF.Round(gap.MissingFacings));

    private static bool Inside(BoundingBox box, BoundingBox gap) => box.Area > 0 && box.IntersectionArea(gap) >= 0.5f * box.Area;
}
