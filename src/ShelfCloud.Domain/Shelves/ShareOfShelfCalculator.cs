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
        return Calculate(facings.Select(f => (f.Key, false, f.Box.Width)));
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
            ? (f.Key, false, f.Box.Width)
            : (othersLabel, true, f.Box.Width)));
    }

    private static List<ShelfShare> Calculate(IEnumerable<(string Key, bool IsOthers, float Width)> facings)
    {
        var list = facings.ToList();
        var totalFacings = list.Count;
        var totalWidth = list.Sum(f => (double)f.Width);
        return list
            .GroupBy(f => (f.Key, f.IsOthers))
            .Select(g =>
            {
                var width = g.Sum(f => (double)f.Width);
                return new ShelfShare(
                    g.Key.Key,
                    g.Key.IsOthers,
                    g.Count(),
                    (double)g.Count() / totalFacings,
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
