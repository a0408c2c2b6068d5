namespace ShelfCloud.Domain.Shelves;

/// <summary>
/// Share of shelf per key, by facings (count) and linear (sum of box widths). Results are ordered
/// by linear share, largest first; the Others bucket comes last.
/// </summary>
public sealed class ShareOfShelfCalculator
{
    /// <summary>The default label of the bucket that hides brands a supplier may not see.</summary>
    public const string DefaultOthersLabel = "Others";

    /// <summary>Shares of every key.</summary>
    public IReadOnlyList<ShelfShare> Calculate(IEnumerable<ShelfFacing> facings)
    {
        ArgumentNullException.ThrowIfNull(facings);
        return Calculate(facings.Select(f => (f.Key, false, 1L, (double)f.Box.Width)));
    }

    /// <summary>Shares of every key, from facings already summed per key (several totals of one key add up).</summary>
    public IReadOnlyList<ShelfShare> CalculateTotals(IEnumerable<ShelfFacingTotal> totals)
    {
        ArgumentNullException.ThrowIfNull(totals);
        return Calculate(totals.Select(t => (t.Key, false, t.Facings, t.LinearWidth)));
    }

    /// <summary>
    /// Shares as a supplier may see them: the keys in <paramref name="visibleKeys"/> by name, all
    /// others summed into one bucket, so the supplier learns its share but not its competitors'.
    /// </summary>
    public IReadOnlyList<ShelfShare> CalculateWithOthers(
        IEnumerable<ShelfFacing> facings,
        IReadOnlySet<string> visibleKeys,
        string othersLabel = DefaultOthersLabel)
    {
        ArgumentNullException.ThrowIfNull(facings);
        ArgumentNullException.ThrowIfNull(visibleKeys);
        ArgumentNullException.ThrowIfNull(othersLabel);
        return Calculate(facings.Select(f => visibleKeys.Contains(f.Key)
            ? (f.Key, false, 1L, (double)f.Box.Width)
            : (othersLabel, true, 1L, (double)f.Box.Width)));
    }

    /// <summary>
    /// <see cref="CalculateWithOthers(IEnumerable{ShelfFacing}, IReadOnlySet{string}, string)"/> over facings already
    /// summed per key.
    /// </summary>
    public IReadOnlyList<ShelfShare> CalculateTotalsWithOthers(
        IEnumerable<ShelfFacingTotal> totals,
        IReadOnlySet<string> visibleKeys,
        string othersLabel = DefaultOthersLabel)
    {
        ArgumentNullException.ThrowIfNull(totals);
        ArgumentNullException.ThrowIfNull(visibleKeys);
        ArgumentNullException.ThrowIfNull(othersLabel);
        return Calculate(totals.Select(t => visibleKeys.Contains(t.Key)
            ? (t.Key, false, t.Facings, t.LinearWidth)
            : (othersLabel, true, t.Facings, t.LinearWidth)));
    }

    private static List<ShelfShare> Calculate(IEnumerable<(string Key, bool IsOthers, long Facings, double Width)> facings)
    {
        var list = facings.ToList();
        var totalFacings = list.Sum(f => f.Facings);
        var totalWidth = list.Sum(f => f.Width);
        return list
            .GroupBy(f => (f.Key, f.IsOthers))
            .Select(g =>
            {
                var count = g.Sum(f => f.Facings);
                var width = g.Sum(f => f.Width);
                return new ShelfShare(
                    g.Key.Key,
                    g.Key.IsOthers,
                    checked((int)count),
                    totalFacings == 0 ? 0 : (double)count / totalFacings,
                    width,
                    totalWidth == 0 ? 0 : width / totalWidth);
            })
            .OrderBy(s => s.IsOthers)
            .ThenByDescending(s => s.LinearWidth)
            .ThenByDescending(s => s.Facings)
            .ThenBy(s => s.Key, StringComparer.Ordinal)
            .ToList();
    }
}
