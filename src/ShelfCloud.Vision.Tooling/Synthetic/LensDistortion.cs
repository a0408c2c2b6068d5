using SkiaSharp;

namespace ShelfCloud.Vision.Tooling.Synthetic;

/// <summary>Radial lens distortion p_d = c + (p_s − c)(1 + k r²), applied by inverse mapping with bilinear sampling.</summary>
internal static class LensDistortion
{
    public static SKBitmap Apply(SKBitmap source, float k)
    {
        var width = source.Width;
        var height = source.Height;
        var result = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        if (MathF.Abs(k) < 1e-4f)
        {
            source.CopyTo(result);
            return result;
        }
        var src = source.GetPixelSpan();
        var dst = result.GetPixelSpan();
        var cx = width / 2f;
        var cy = height / 2f;
        var norm = 0.5f * MathF.Sqrt(width * width + height * height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var dx = (x - cx) / norm;
                var dy = (y - cy) / norm;
                // Invert the forward model by fixed-point iteration; two steps are sub-pixel for |k| ≤ 0.1.
                float sx = dx, sy = dy;
                for (var i = 0; i < 2; i++)
                {
                    var scale = 1 + k * (sx * sx + sy * sy);
                    sx = dx / scale;
                    sy = dy / scale;
                }
                Sample(src, width, height, cx + sx * norm, cy + sy * norm, dst.Slice((y * width + x) * 4, 4));
            }
        }
        return result;
    }

    private static void Sample(ReadOnlySpan<byte> src, int width, int height, float x, float y, Span<byte> pixel)
    {
        if (x < 0 || y < 0 || x > width - 1 || y > height - 1)
        {
            pixel[0] = pixel[1] = pixel[2] = 35;
            pixel[3] = 255;
            return;
        }
        var x0 = (int)x;
        var y0 = (int)y;
        var x1 = Math.Min(x0 + 1, width - 1);
        var y1 = Math.Min(y0 + 1, height - 1);
        var fx = x - x0;
        var fy = y - y0;
        for (var c = 0; c < 4; c++)
        {
            var top = src[(y0 * width + x0) * 4 + c] * (1 - fx) + src[(y0 * width + x1) * 4 + c] * fx;
            var bottom = src[(y1 * width + x0) * 4 + c] * (1 - fx) + src[(y1 * width + x1) * 4 + c] * fx;
            pixel[c] = (byte)(top * (1 - fy) + bottom * fy + 0.5f);
        }
    }
}
