namespace ShelfCloud.Domain.Captures;

/// <summary>An axis-aligned box in pixels of the original (orientation-corrected) image.</summary>
public readonly record struct BoundingBox(float X1, float Y1, float X2, float Y2)
{
    public float Width => Math.Max(0, X2 - X1);
    public float Height => Math.Max(0, Y2 - Y1);
    public float Area => Width * Height;

    public float IntersectionArea(BoundingBox other)
    {
        var w = Math.Min(X2, other.X2) - Math.Max(X1, other.X1);
        var h = Math.Min(Y2, other.Y2) - Math.Max(Y1, other.Y1);
        return w <= 0 || h <= 0 ? 0 : w * h;
    }

    /// <summary>Intersection over union, 0 when either box is empty.</summary>
    public float IoU(BoundingBox other)
    {
        var inter = IntersectionArea(other);
        var union = Area + other.Area - inter;
        return union <= 0 ? 0 : inter / union;
    }
}
