using ShelfCloud.Domain.Captures;
using SkiaSharp;

namespace ShelfCloud.Vision.Imaging;

/// <summary>Cuts a box out of an image, optionally with some context around it.</summary>
public static class ImageCropper
{
    /// <summary>
    /// The pixel region of <paramref name="box"/> grown by <paramref name="paddingFraction"/> of the box's
    /// width on the left and right (and of its height above and below), rounded outwards and clamped to the image.
    /// </summary>
    /// <exception cref="ArgumentException">The box does not overlap the image.</exception>
    public static SKRectI PaddedRegion(BoundingBox box, float paddingFraction, int imageWidth, int imageHeight)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(paddingFraction);
        var padX = box.Width * paddingFraction;
        var padY = box.Height * paddingFraction;
        var left = (int)Math.Floor(Math.Max(0, box.X1 - padX));
        var top = (int)Math.Floor(Math.Max(0, box.Y1 - padY));
        var right = (int)Math.Ceiling(Math.Min(imageWidth, box.X2 + padX));
        var bottom = (int)Math.Ceiling(Math.Min(imageHeight, box.Y2 + padY));
        if (right <= left || bottom <= top)
        {
            throw new ArgumentException($"The box {box} does not overlap the {imageWidth}×{imageHeight} image.", nameof(box));
        }

        return new SKRectI(left, top, right, bottom);
    }

    /// <summary>Copies the padded region of <paramref name="box"/> into a new bitmap of the same pixel format.</summary>
    public static SKBitmap Crop(SKBitmap image, BoundingBox box, float paddingFraction = 0)
    {
        ArgumentNullException.ThrowIfNull(image);
        var region = PaddedRegion(box, paddingFraction, image.Width, image.Height);
        var crop = new SKBitmap(new SKImageInfo(region.Width, region.Height, image.ColorType, image.AlphaType));
        var bytesPerPixel = image.BytesPerPixel;
        var source = image.GetPixelSpan();
        var destination = crop.GetPixelSpan();
        var rowLength = region.Width * bytesPerPixel;
        for (var y = 0; y < region.Height; y++)
        {
            source.Slice((region.Top + y) * image.RowBytes + region.Left * bytesPerPixel, rowLength)
                .CopyTo(destination.Slice(y * crop.RowBytes, rowLength));
        }

        return crop;
    }
}
