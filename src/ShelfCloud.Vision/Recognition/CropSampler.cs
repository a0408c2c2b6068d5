using ShelfCloud.Domain.Captures;
using ShelfCloud.Vision.Imaging;
using SkiaSharp;

namespace ShelfCloud.Vision.Recognition;

/// <summary>
/// Cuts a box out of an image straight to the embedder's input size, in the platform's native 32-bit pixel
/// order (BGRA on little-endian machines). Skia resamples native-order pixels on its fast path; RGBA crops
/// resized with trilinear mipmaps took 10–20× longer, which is most of the pipeline's overhead on a shelf
/// photo with a hundred products.
/// </summary>
public static class CropSampler
{
    /// <summary>Bilinear within the nearest mipmap level: still anti-aliased when a large box is shrunk.</summary>
    private static readonly SKSamplingOptions Sampling = new(SKFilterMode.Linear, SKMipmapMode.Nearest);

    /// <summary>
    /// A new <paramref name="width"/>×<paramref name="height"/> bitmap of <paramref name="box"/> grown by
    /// <paramref name="padding"/> (see <see cref="ImageCropper.PaddedRegion"/>), stretched to that size; the caller disposes it.
    /// </summary>
    public static SKBitmap Sample(SKBitmap image, BoundingBox box, float padding, int width, int height)
    {
        var region = ImageCropper.PaddedRegion(box, padding, image.Width, image.Height);
        var colorType = SKImageInfo.PlatformColorType;
        using var source = image.PeekPixels();
        using var subset = source.ExtractSubset(region)
            ?? throw new InvalidOperationException($"Skia could not read the region {region} of a {image.Width}×{image.Height} image.");
        using var native = new SKBitmap(new SKImageInfo(region.Width, region.Height, colorType, image.AlphaType));
        if (!subset.ReadPixels(native.PeekPixels()))
        {
            throw new InvalidOperationException($"Skia could not convert {image.ColorType} pixels to {colorType}.");
        }

        var crop = new SKBitmap(new SKImageInfo(width, height, colorType, image.AlphaType == SKAlphaType.Opaque ? SKAlphaType.Opaque : SKAlphaType.Premul));
        using var canvas = new SKCanvas(crop);
        canvas.DrawBitmap(native, SKRect.Create(width, height), Sampling);
        return crop;
    }
}
