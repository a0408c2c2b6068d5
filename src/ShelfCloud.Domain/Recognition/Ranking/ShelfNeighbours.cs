using ShelfCloud.Domain.Captures;

namespace ShelfCloud.Domain.Recognition.Ranking;

/// <summary>The facings either side of each facing on the same shelf row.</summary>
public static class ShelfNeighbours
{
    /// <summary>
    /// For each box, the indexes of the nearest box to its left and to its right that shares at least half of the
    /// smaller height (same row) and stands less than one box width away.
    /// </summary>
    public static IReadOnlyList<int>[] Of(IReadOnlyList<BoundingBox> boxes)
    {
        ArgumentNullException.ThrowIfNull(boxes);
        var neighbours = new IReadOnlyList<int>[boxes.Count];
        for (var i = 0; i < boxes.Count; i++)
        {
            int? left = null, right = null;
            var box = boxes[i];
            for (var j = 0; j < boxes.Count; j++)
            {
                if (j == i || !SameRow(box, boxes[j]))
                    continue;
                var other = boxes[j];
                if (other.X2 <= box.X1 + box.Width / 2 && box.X1 - other.X2 < box.Width && (left is not { } l || other.X2 > boxes[l].X2))
                    left = j;
                else if (other.X1 >= box.X2 - box.Width / 2 && other.X1 - box.X2 < box.Width && (right is not { } r || other.X1 < boxes[r].X1))
                    right = j;
            }

            neighbours[i] = new[] { left, right }.OfType<int>().ToList();
        }

        return neighbours;
    }

    private static bool SameRow(BoundingBox a, BoundingBox b)
    {
        var overlap = Math.Min(a.Y2, b.Y2) - Math.Max(a.Y1, b.Y1);
        return overlap >= 0.5f * Math.Min(a.Height, b.Height);
    }
}
