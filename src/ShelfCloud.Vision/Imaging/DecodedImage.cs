using SkiaSharp;

namespace ShelfCloud.Vision.Imaging;

/// <summary>A decoded, upright image: RGBA8888 pixels with EXIF orientation already applied.</summary>
public sealed class DecodedImage : IDisposable
{
    internal DecodedImage(SKBitmap bitmap, ImageFormat format, SKEncodedOrigin originalOrigin)
    {
        Bitmap = bitmap;
        Format = format;
        OriginalOrigin = originalOrigin;
    }

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
