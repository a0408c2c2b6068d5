namespace ShelfCloud.Domain.Analytics;

/// <summary>On-shelf availability: the share of a shelf's facings that hold a product.</summary>
public static class ShelfAvailability
{
    /// <summary>
    /// products / (products + empty facings); null when both are 0, because a photo without a single product gives
    /// the gap finder no rows to measure, so the shelf's state is unknown rather than 0 % or 100 %.
    /// </summary>
    public static double? Of(long products, long emptyFacings)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(products);
        ArgumentOutOfRangeException.ThrowIfNegative(emptyFacings);
        var facings = products + emptyFacings;
        return facings == 0 ? null : (double)products / facings;
    }
}
