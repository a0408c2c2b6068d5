using SkiaSharp;

namespace ShelfCloud.Vision.Imaging;

/// <summary>A decoded, upright image: RGBA8888 pixels with EXIF orientation already applied, possibly scaled down.</summary>
public sealed class DecodedImage : IDisposable
{
    internal DecodedImage(SKBitmap bitmap, ImageFormat format, SKEncodedOrigin originalOrigin, int originalWidth, int originalHeight)
    {
        Bitmap = bitmap;
        Format = format;
        OriginalOrigin = originalOrigin;
        OriginalWidth = originalWidth;
        OriginalHeight = originalHeight;
    }

    /// <summary>The upright width of the file; larger than <see cref="Width"/> when it was decoded scaled down.</summary>
    public int OriginalWidth { get; }

    /// <summary>The upright height of the file.</summary>
    public int OriginalHeight { get; }

    /// <summary>Original pixels per decoded pixel (1 at full size).</summary>
    public double ScaleToOriginal => (double)OriginalWidth / Width;

    /// <summary>The upright pixels; owned by this instance.</summary>
    public SKBitmap Bitmap { get; }

    /// <summary>The format the bytes were in.</summary>
    public ImageFormat Format { get; }

    /// <summary>The EXIF orientation the file had before it was made upright.</summary>
    public SKEncodedOrigin OriginalOrigin { get; }

    /// <summary>The upright width in pixels.</summary>
    public int Width => Bitmap.Width;

    /// <summary>The upright height in pixels.</summary>
    public int Height => Bitmap.Height;

    /// <inheritdoc />
    public void Dispose() => Bitmap.Dispose();
}
