using ShelfCloud.Domain.Captures.Quality;
using SkiaSharp;
using static ShelfCloud.Domain.Captures.Quality.Thumbnails;

namespace ShelfCloud.Vision.Imaging;

/// <summary>
/// Measures a decoded photo for its quality check (<see cref="PhotoFigures"/>) at 512 px wide: a few milliseconds.
/// </summary>
public static class PhotoFigureMeter
{
    private const int WorkingWidth = 512;
    private const int BurntOut = 250;

    public static PhotoFigures Measure(SKBitmap photo)
    {
        ArgumentNullException.ThrowIfNull(photo);
        var height = Math.Max(1, (int)Math.Round((double)photo.Height * WorkingWidth / photo.Width));
        using var small = photo.Resize(new SKImageInfo(WorkingWidth, height, SKColorType.Rgba8888, SKAlphaType.Premul),
            new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear)) ?? throw new InvalidOperationException("The photo could not be resized.");
        var luma = Luma(small);
        var (mean, deviation, burnt) = Statistics(luma);
        // Sharpness relative to contrast: dimming or brightening a photo scales both alike, blurring it only the first.
        var sharpness = LaplacianVariance(luma, WorkingWidth, height) / Math.Max(1, deviation * deviation);
        return new PhotoFigures(mean, deviation, sharpness, burnt, Thumbnail(luma, WorkingWidth, height));
    }

    private static float[] Luma(SKBitmap bitmap)
    {
        var pixels = bitmap.Pixels;
        var luma = new float[pixels.Length];
        for (var i = 0; i < pixels.Length; i++)
            luma[i] = 0.299f * pixels[i].Red + 0.587f * pixels[i].Green + 0.114f * pixels[i].Blue;
        return luma;
    }

    private static (double Mean, double Deviation, double Burnt) Statistics(float[] luma)
    {
        double sum = 0, squares = 0;
        var burnt = 0;
        foreach (var v in luma)
        {
            sum += v;
            squares += v * v;
            burnt += v >= BurntOut ? 1 : 0;
        }

        var mean = sum / luma.Length;
        return (mean, Math.Sqrt(Math.Max(0, squares / luma.Length - mean * mean)), (double)burnt / luma.Length);
    }

    private static double LaplacianVariance(float[] luma, int width, int height)
    {
        double sum = 0, squares = 0;
        var count = 0;
        for (var y = 1; y < height - 1; y++)
        {
            for (var x = 1; x < width - 1; x++)
            {
                var i = y * width + x;
                double l = luma[i - 1] + luma[i + 1] + luma[i - width] + luma[i + width] - 4 * luma[i];
                sum += l;
                squares += l * l;
                count++;
            }
        }

        if (count == 0)
            return 0;
        var mean = sum / count;
        return squares / count - mean * mean;
    }

    private static byte[] Thumbnail(float[] luma, int width, int height)
    {
        var thumbnail = new byte[Width * Height];
        for (var ty = 0; ty < Height; ty++)
        {
            var y0 = ty * height / Height;
            var y1 = Math.Max(y0 + 1, (ty + 1) * height / Height);
            for (var tx = 0; tx < Width; tx++)
            {
                var x0 = tx * width / Width;
                var x1 = Math.Max(x0 + 1, (tx + 1) * width / Width);
                double sum = 0;
                for (var y = y0; y < y1; y++)
                {
                    for (var x = x0; x < x1; x++)
                        sum += luma[y * width + x];
                }

                thumbnail[ty * Width + tx] = (byte)Math.Clamp(Math.Round(sum / ((y1 - y0) * (x1 - x0))), 0, 255);
            }
        }

        return thumbnail;
    }
}
