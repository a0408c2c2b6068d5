using ShelfCloud.Domain.Captures;

namespace ShelfCloud.Domain.Shelves;

/// <summary>
/// Groups product boxes into shelf rows. A box joins the row whose typical band (median top to
/// median bottom) it overlaps vertically by at least <c>minOverlap</c> of the shorter of the two
/// heights; measuring against the shorter height keeps a short can next to a tall bottle in one
/// row, and the median band keeps one tall box from bridging two rows.
/// </summary>
public sealed class ShelfRowAnalyzer
{
    private readonly float _minOverlap;

    /// <summary>Creates an analyzer.</summary>
    /// <param name="minOverlap">Required vertical overlap, as a fraction of the shorter height (0..1].</param>
    public ShelfRowAnalyzer(float minOverlap = 0.5f)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minOverlap);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minOverlap, 1f);
        _minOverlap = minOverlap;
    }

    /// <summary>Groups boxes into rows, top row first, each row left to right.</summary>
    public IReadOnlyList<ShelfRow<BoundingBox>> GroupIntoRows(IEnumerable<BoundingBox> boxes) =>
        GroupIntoRows(boxes, b => b);

    /// <summary>Groups items by their boxes into rows, top row first, each row left to right. Boxes without height are skipped.</summary>
    public IReadOnlyList<ShelfRow<T>> GroupIntoRows<T>(IEnumerable<T> items, Func<T, BoundingBox> boxOf)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(boxOf);

        var rows = new List<RowBuilder<T>>();
        var byCentre = items
            .Select(item => (Item: item, Box: boxOf(item)))
            .Where(x => x.Box.Height > 0)
            .OrderBy(x => (x.Box.Y1 + x.Box.Y2) / 2);
        foreach (var (item, box) in byCentre)
        {
            var best = rows
                .Select(row => (Row: row, Overlap: row.OverlapRatio(box)))
                .Where(x => x.Overlap >= _minOverlap)
                .OrderByDescending(x => x.Overlap)
                .Select(x => x.Row)
                .FirstOrDefault();
            if (best is null)
            {
                rows.Add(best = new RowBuilder<T>());
            }

            best.Add(item, box);
        }

        return rows
            .Select(r => r.Build())
            .OrderBy(r => (r.Top + r.Bottom) / 2)
            .ToList();
    }

    private sealed class RowBuilder<T>
    {
        private readonly List<(T Item, BoundingBox Box)> _members = [];
        private float _top;
        private float _bottom;

        public void Add(T item, BoundingBox box)
        {
            _members.Add((item, box));
            _top = ShelfRow<T>.Median(_members.Select(m => m.Box.Y1));
            _bottom = ShelfRow<T>.Median(_members.Select(m => m.Box.Y2));
        }

        public float OverlapRatio(BoundingBox box)
        {
            var overlap = Math.Min(_bottom, box.Y2) - Math.Max(_top, box.Y1);
            var shorter = Math.Min(_bottom - _top, box.Height);
            return overlap <= 0 || shorter <= 0 ? 0 : overlap / shorter;
        }

        public ShelfRow<T> Build()
        {
            var ordered = _members.OrderBy(m => m.Box.X1).ThenBy(m => m.Box.X2).ToList();
            return new ShelfRow<T>(ordered.Select(m => m.Item).ToList(), ordered.Select(m => m.Box).ToList());
        }
    }
}
