using ShelfCloud.Domain.Captures;

namespace ShelfCloud.Domain.Shelves;

/// <summary>
/// Finds empty facings: horizontal gaps in a row wider than a fraction of the row's typical
/// product width, between neighbours and at both row ends up to the shelf's horizontal extent.
/// </summary>
public sealed class EmptyFacingFinder
{
    private readonly float _minGapFraction;

    /// <summary>Creates a finder.</summary>
    /// <param name="minGapFraction">
    /// A gap counts when wider than this fraction of the row's median product width; below it the
    /// space is normal spacing between products.
    /// </param>
    public EmptyFacingFinder(float minGapFraction = 0.5f)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minGapFraction);
        _minGapFraction = minGapFraction;
    }

    /// <summary>Finds gaps, taking the shelf's extent as the span of all rows together.</summary>
    public IReadOnlyList<EmptyFacing> FindGaps<T>(IReadOnlyList<ShelfRow<T>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return rows.Count == 0 ? [] : FindGaps(rows, rows.Min(r => r.Left), rows.Max(r => r.Right));
    }

    /// <summary>Finds gaps within the shelf's horizontal extent [<paramref name="shelfLeft"/>, <paramref name="shelfRight"/>].</summary>
    public IReadOnlyList<EmptyFacing> FindGaps<T>(IReadOnlyList<ShelfRow<T>> rows, float shelfLeft, float shelfRight)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(shelfRight, shelfLeft);
        var gaps = new List<EmptyFacing>();
        for (var rowIndex = 0; rowIndex < rows.Count; rowIndex++)
        {
            gaps.AddRange(FindGapsInRow(rows[rowIndex], rowIndex, shelfLeft, shelfRight));
        }

        return gaps;
    }

    private IEnumerable<EmptyFacing> FindGapsInRow<T>(ShelfRow<T> row, int rowIndex, float shelfLeft, float shelfRight)
    {
        if (row.TypicalWidth <= 0)
        {
            yield break;
        }

        // Boxes may overlap, so a gap starts at the furthest right edge seen so far, not the previous box's.
        var reached = shelfLeft;
        foreach (var box in row.Boxes)
        {
            if (IsGap(reached, box.X1, row))
            {
                yield return Gap(row, rowIndex, reached, box.X1);
            }

            reached = Math.Max(reached, box.X2);
        }

        if (IsGap(reached, shelfRight, row))
        {
            yield return Gap(row, rowIndex, reached, shelfRight);
        }
    }

    private bool IsGap<T>(float from, float to, ShelfRow<T> row) => to - from > _minGapFraction * row.TypicalWidth;

    private static EmptyFacing Gap<T>(ShelfRow<T> row, int rowIndex, float from, float to) =>
        new(rowIndex, new BoundingBox(from, row.Top, to, row.Bottom), (to - from) / row.TypicalWidth);
}
