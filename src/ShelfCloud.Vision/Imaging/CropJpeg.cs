using ShelfCloud.Domain.Captures;
using SkiaSharp;

namespace ShelfCloud.Vision.Imaging;

/// <summary>Cuts a box out of a decoded photo as a JPEG (for exports of training crops).</summary>
public static class CropJpeg
{
    /// <param name="box">In the photo's original pixels; clamped to the image.</param>
    /// <returns>The JPEG bytes; null for a box with no area inside the image.</returns>
    public static byte[]? Encode(DecodedImage image, BoundingBox box, int quality = 90)
    {
        ArgumentNullException.ThrowIfNull(image);
        var scale = 1 / image.ScaleToOriginal;
        var rect = SKRectI.Round(new SKRect(
            Math.Clamp(box.X1 * (float)scale, 0, image.Width), Math.Clamp(box.Y1 * (float)scale, 0, image.Height),
            Math.Clamp(box.X2 * (float)scale, 0, image.Width), Math.Clamp(box.Y2 * (float)scale, 0, image.Height)));
        if (rect.Width < 1 || rect.Height < 1)
            return null;
        using var crop = new SKBitmap();
        if (!image.Bitmap.ExtractSubset(crop, rect))
            return null;
        using var encoded = SKImage.FromBitmap(crop).Encode(SKEncodedImageFormat.Jpeg, quality);
        return encoded.ToArray();
    }
}
