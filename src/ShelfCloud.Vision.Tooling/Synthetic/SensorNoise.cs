using SkiaSharp;

namespace ShelfCloud.Vision.Tooling.Synthetic;

/// <summary>Uniform per-channel sensor noise, in place.</summary>
internal static class SensorNoise
{
    public static void Apply(SKBitmap bitmap, int amplitude, Random random)
    {
        if (amplitude <= 0)
            return;
        var pixels = bitmap.GetPixelSpan();
        for (var i = 0; i < pixels.Length; i += 4)
        {
            var delta = random.Next(-amplitude, amplitude + 1);
            for (var c = 0; c < 3; c++)
                pixels[i + c] = (byte)Math.Clamp(pixels[i + c] + delta + random.Next(-amplitude / 3, amplitude / 3 + 1), 0, 255);
        }
    }
}
