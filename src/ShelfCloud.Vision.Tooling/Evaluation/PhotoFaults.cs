using ShelfCloud.Domain.Captures.Quality;
using SkiaSharp;

namespace ShelfCloud.Vision.Tooling.Evaluation;

/// <summary>
/// Faults a shelf camera's photo can have, injected into a good photo for the quality benchmark: the lens blurred or
/// covered, the scene too dark or burnt out, the camera knocked aside, the same frame sent twice.
/// </summary>
public static class PhotoFaults
{
    /// <summary>The faults injected, by the issue name the quality check should report.</summary>
    public static readonly string[] All =
    [
        CaptureQualityIssue.Blur, CaptureQualityIssue.Dark, CaptureQualityIssue.Overexposed, CaptureQualityIssue.Covered,
        CaptureQualityIssue.Moved, CaptureQualityIssue.Duplicate,
    ];

    /// <summary>A faulty copy of <paramref name="photo"/> (for a duplicate, a copy of <paramref name="previous"/>).</summary>
    public static SKBitmap Apply(string fault, SKBitmap photo, SKBitmap? previous, Random random)
    {
        ArgumentNullException.ThrowIfNull(photo);
        ArgumentNullException.ThrowIfNull(random);
        return fault switch
        {
            CaptureQualityIssue.Blur => Filtered(photo, new SKPaint { ImageFilter = SKImageFilter.CreateBlur(3.5f + random.NextSingle() * 2, 3.5f + random.NextSingle() * 2) }),
            CaptureQualityIssue.Dark => Filtered(photo, new SKPaint { ColorFilter = Scale(0.15f + random.NextSingle() * 0.1f, 0) }),
            CaptureQualityIssue.Overexposed => Filtered(photo, new SKPaint { ColorFilter = Scale(1.8f + random.NextSingle() * 0.8f, 60) }),
            CaptureQualityIssue.Covered => Covered(photo, random),
            CaptureQualityIssue.Moved => Moved(photo, random),
            CaptureQualityIssue.Duplicate => (previous ?? photo).Copy(),
            _ => throw new ArgumentOutOfRangeException(nameof(fault), fault, "Not a fault the benchmark injects."),
        };
    }

    /// <summary>Each channel × <paramref name="gain"/> + <paramref name="offset"/> grey levels (Skia's matrix adds in 0..1 units).</summary>
    private static SKColorFilter Scale(float gain, float offset) => SKColorFilter.CreateColorMatrix(
    [
        gain, 0, 0, 0, offset / 255f,
        0, gain, 0, 0, offset / 255f,
        0, 0, gain, 0, offset / 255f,
        0, 0, 0, 1, 0,
    ]);

    private static SKBitmap Filtered(SKBitmap photo, SKPaint paint)
    {
        using (paint)
        {
            var result = new SKBitmap(photo.Width, photo.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
            using var canvas = new SKCanvas(result);
            using var image = SKImage.FromBitmap(photo);
            canvas.Clear(SKColors.Black);
            canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Linear), paint);
            return result;
        }
    }

    /// <summary>A hand or a cloth over the lens: a near-uniform dark picture with a little sensor noise.</summary>
    private static SKBitmap Covered(SKBitmap photo, Random random)
    {
        var result = new SKBitmap(photo.Width, photo.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        var shade = (byte)random.Next(20, 90);
        var pixels = new SKColor[photo.Width * photo.Height];
        for (var i = 0; i < pixels.Length; i++)
        {
            var v = (byte)Math.Clamp(shade + random.Next(-3, 4), 0, 255);
            pixels[i] = new SKColor(v, (byte)(v * 0.9), (byte)(v * 0.8));
        }

        result.Pixels = pixels;
        return result;
    }

    /// <summary>The camera knocked aside: the view shifted by 8–14 % of its width and turned a few degrees.</summary>
    private static SKBitmap Moved(SKBitmap photo, Random random)
    {
        var result = new SKBitmap(photo.Width, photo.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var canvas = new SKCanvas(result);
        using var image = SKImage.FromBitmap(photo);
        canvas.Clear(new SKColor(35, 35, 38));
        var sign = random.Next(2) == 0 ? -1 : 1;
        canvas.Translate(sign * photo.Width * (0.08f + random.NextSingle() * 0.06f), photo.Height * (random.NextSingle() * 0.06f - 0.03f));
        canvas.RotateDegrees((random.NextSingle() * 2 - 1) * 3, photo.Width / 2f, photo.Height / 2f);
        canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKCubicResampler.Mitchell));
        return result;
    }
}
