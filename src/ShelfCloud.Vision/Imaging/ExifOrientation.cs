using SkiaSharp;

namespace ShelfCloud.Vision.Imaging;

/// <summary>Turns pixels stored with an EXIF orientation into the upright image a viewer shows.</summary>
public static class ExifOrientation
{
    /// <summary>True when <paramref name="origin"/> swaps width and height (the 90° and 270° cases).</summary>
    public static bool SwapsDimensions(SKEncodedOrigin origin) =>
        origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;

    /// <summary>
    /// Returns a new upright bitmap, or null when <paramref name="origin"/> is already upright
    /// (the caller keeps using <paramref name="stored"/>).
    /// </summary>
    public static SKBitmap? ToUpright(SKBitmap stored, SKEncodedOrigin origin)
    {
        if (origin == SKEncodedOrigin.TopLeft)
        {
            return null;
        }

        float w = stored.Width;
        float h = stored.Height;
        // Maps stored (x, y) to upright (X, Y); the EXIF value names where stored row 0 and column 0 end up.
        var matrix = origin switch
        {
            SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
            SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightTop => new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1),
            SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1),
            _ => throw new ArgumentOutOfRangeException(nameof(origin), origin, "Unknown EXIF orientation."),
        };

        var (width, height) = SwapsDimensions(origin) ? (stored.Height, stored.Width) : (stored.Width, stored.Height);
        var upright = new SKBitmap(new SKImageInfo(width, height, stored.ColorType, stored.AlphaType));
        using var canvas = new SKCanvas(upright);
        canvas.SetMatrix(matrix);
        // Nearest sampling: every transform is an exact pixel permutation.
        canvas.DrawBitmap(stored, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest));
        return upright;
    }
}
