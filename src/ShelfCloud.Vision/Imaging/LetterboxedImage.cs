using SkiaSharp;

namespace ShelfCloud.Vision.Imaging;

/// <summary>A letterboxed canvas and the transform that maps boxes on it back to the source image.</summary>
public sealed class LetterboxedImage : IDisposable
{
    internal LetterboxedImage(SKBitmap bitmap, LetterboxTransform transform)
    {
        Bitmap = bitmap;
        Transform = transform;
    }

    /// <summary>The canvas pixels (RGBA8888); owned by this instance.</summary>
    public SKBitmap Bitmap { get; }

    /// <summary>Where the source image sits on the canvas.</summary>
    public LetterboxTransform Transform { get; }

    /// <inheritdoc />
    public void Dispose() => Bitmap.Dispose();
}
