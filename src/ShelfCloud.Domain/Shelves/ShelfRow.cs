using ShelfCloud.Domain.Captures;

namespace ShelfCloud.Domain.Shelves;

/// <summary>
/// Products standing on one shelf board (a horizontal band of the image), left to right.
/// </summary>
/// <typeparam name="T">What was grouped: a box, a detection, a recognised facing.</typeparam>
public sealed class ShelfRow<T>
{
    /// <summary>Creates a row; <paramref name="items"/> and <paramref name="boxes"/> are parallel and sorted left to right.</summary>
    public ShelfRow(IReadOnlyList<T> items, IReadOnlyList<BoundingBox> boxes)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(boxes);
        if (items.Count != boxes.Count || boxes.Count == 0)
        {
            throw new ArgumentException("A row needs at least one item and one box per item.", nameof(boxes));
        }

        Items = items;
        Boxes = boxes;
        Top = Median(boxes.Select(b => b.Y1));
        Bottom = Median(boxes.Select(b => b.Y2));
        Left = boxes.Min(b => b.X1);
        Right = boxes.Max(b => b.X2);
        TypicalWidth = Median(boxes.Select(b => b.Width));
    }

    /// <summary>The grouped items, left to right.</summary>
    public IReadOnlyList<T> Items { get; }

    /// <summary>The items' boxes, in the same order.</summary>
    public IReadOnlyList<BoundingBox> Boxes { get; }

    /// <summary>Median top edge: where a typical product of the row starts, unmoved by one odd box.</summary>
    public float Top { get; }

    /// <summary>Median bottom edge: roughly the shelf board.</summary>
    public float Bottom { get; }

    /// <summary>Left edge of the leftmost product.</summary>
    public float Left { get; }

    /// <summary>Right edge of the rightmost product.</summary>
    public float Right { get; }

    /// <summary>Median product width in the row.</summary>
    public float TypicalWidth { get; }

    internal static float Median(IEnumerable<float> values)
    {
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
