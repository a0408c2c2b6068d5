using SkiaSharp;

namespace ShelfCloud.Vision.Imaging;

/// <summary>Fits an image into a fixed canvas keeping its aspect ratio and pads the rest, as Ultralytics does.</summary>
public static class Letterboxer
{
    /// <summary>The padding grey Ultralytics uses (114/255), so exported YOLO models see what they were trained on.</summary>
    public const byte PadValue = 114;

    /// <summary>Letterboxes <paramref name="source"/> into a <paramref name="size"/>×<paramref name="size"/> canvas.</summary>
    public static LetterboxedImage Letterbox(SKBitmap source, int size) => Letterbox(source, size, size);

    /// <summary>Letterboxes <paramref name="source"/> into a <paramref name="width"/>×<paramref name="height"/> canvas, centred.</summary>
    public static LetterboxedImage Letterbox(SKBitmap source, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);

        var scale = Math.Min((double)width / source.Width, (double)height / source.Height);
        var resizedWidth = Math.Clamp((int)Math.Round(source.Width * scale), 1, width);
        var resizedHeight = Math.Clamp((int)Math.Round(source.Height * scale), 1, height);
        var padX = (width - resizedWidth) / 2;
        var padY = (height - resizedHeight) / 2;

        var canvasBitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(canvasBitmap))
        {
            canvas.Clear(new SKColor(PadValue, PadValue, PadValue));
            var destination = SKRect.Create(padX, padY, resizedWidth, resizedHeight);
            canvas.DrawBitmap(source, destination, ImageResizer.Sampling);
        }

        var transform = new LetterboxTransform(
            (float)resizedWidth / source.Width,
            (float)resizedHeight / source.Height,
            padX,
            padY,
            source.Width,
            source.Height);
        return new LetterboxedImage(canvasBitmap, transform);
    }
}
