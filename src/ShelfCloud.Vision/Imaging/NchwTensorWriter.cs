using SkiaSharp;

namespace ShelfCloud.Vision.Imaging;

/// <summary>
/// Writes a bitmap's pixels as a planar float32 RGB tensor (C×H×W), each value (v/255 − mean) / std,
/// into memory the caller owns (usually a slice of a pooled batch buffer).
/// </summary>
public static class NchwTensorWriter
{
    /// <summary>The number of floats one image of <paramref name="width"/>×<paramref name="height"/> takes.</summary>
    public static int ElementsPerImage(int width, int height) => 3 * width * height;

    /// <summary>Writes image <paramref name="index"/> of a batch: the slice [index·3HW, (index+1)·3HW) of <paramref name="batch"/>.</summary>
    public static void WriteBatchItem(SKBitmap image, Span<float> batch, int index, ReadOnlySpan<float> mean, ReadOnlySpan<float> std)
    {
        ArgumentNullException.ThrowIfNull(image);
        var perImage = ElementsPerImage(image.Width, image.Height);
        Write(image, batch.Slice(index * perImage, perImage), mean, std);
    }

    /// <summary>
    /// Writes <paramref name="image"/> (RGBA8888 or BGRA8888) into <paramref name="destination"/>, which must hold
    /// exactly 3·width·height floats. <paramref name="mean"/> and <paramref name="std"/> are per RGB channel on the 0..1 scale.
    /// </summary>
    public static void Write(SKBitmap image, Span<float> destination, ReadOnlySpan<float> mean, ReadOnlySpan<float> std)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (mean.Length != 3 || std.Length != 3)
        {
            throw new ArgumentException("Mean and std need one value per RGB channel.");
        }

        var (redOffset, blueOffset) = image.ColorType switch
        {
            SKColorType.Rgba8888 => (0, 2),
            SKColorType.Bgra8888 => (2, 0),
            _ => throw new ArgumentException($"Pixel format {image.ColorType} is not supported; decode to RGBA8888.", nameof(image)),
        };

        var width = image.Width;
        var height = image.Height;
        var plane = width * height;
        if (destination.Length != 3 * plane)
        {
            throw new ArgumentException($"The destination holds {destination.Length} floats; a {width}×{height} image needs {3 * plane}.", nameof(destination));
        }

        // 256 possible byte values per channel: one lookup replaces a subtract and a divide per value.
        Span<float> lookup = stackalloc float[3 * 256];
        for (var channel = 0; channel < 3; channel++)
        {
            if (std[channel] == 0)
            {
                throw new ArgumentException("Std must not be zero.", nameof(std));
            }

            var table = lookup.Slice(channel * 256, 256);
            for (var value = 0; value < 256; value++)
            {
                table[value] = (value / 255f - mean[channel]) / std[channel];
            }
        }

        ReadOnlySpan<float> redTable = lookup[..256];
        ReadOnlySpan<float> greenTable = lookup.Slice(256, 256);
        ReadOnlySpan<float> blueTable = lookup.Slice(512, 256);
        var red = destination[..plane];
        var green = destination.Slice(plane, plane);
        var blue = destination.Slice(2 * plane, plane);
        ReadOnlySpan<byte> pixels = image.GetPixelSpan();
        var rowBytes = image.RowBytes;

        for (var y = 0; y < height; y++)
        {
            var row = pixels.Slice(y * rowBytes, width * 4);
            var rowStart = y * width;
            for (int x = 0, p = 0; x < width; x++, p += 4)
            {
                red[rowStart + x] = redTable[row[p + redOffset]];
                green[rowStart + x] = greenTable[row[p + 1]];
                blue[rowStart + x] = blueTable[row[p + blueOffset]];
            }
        }
    }
}
