using SkiaSharp;

namespace ShelfCloud.Benchmarks;

/// <summary>A shelf-like JPEG of about 300 KB: rows of coloured packs with texture, the size a camera upload typically has.</summary>
public static class BenchmarkImages
{
    public static byte[] ShelfJpeg(int targetBytes = 300 * 1024) => Render(1280, 960, targetBytes);

    /// <summary>The same scene at 320×240 (about 20 KB): what ingestion costs without the big decode.</summary>
    public static byte[] SmallJpeg() => Render(320, 240, 24 * 1024);

    private static byte[] Render(int width, int height, int targetBytes)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        bitmap.Erase(SKColors.White);
        var random = new Random(7);
        using (var canvas = new SKCanvas(bitmap))
        using (var paint = new SKPaint { IsAntialias = true })
        {
            var scale = width / 1280f;
            for (var row = 0; row < 4; row++)
            {
                for (var x = 8f; x < width - 10;)
                {
                    var pack = random.Next(50, 110) * scale;
                    paint.Color = new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
                    canvas.DrawRect(new SKRect(x, (row * 240 + 30) * scale, x + pack, (row * 240 + 225) * scale), paint);
                    x += pack + random.Next(2, 10) * scale;
                }
            }
        }

        // Texture (print, glare, sensor noise) makes the file photo-sized rather than flat-colour small.
        var pixels = bitmap.GetPixelSpan();
        for (var i = 0; i < pixels.Length; i += 4)
        {
            var noise = random.Next(-28, 29);
            for (var c = 0; c < 3; c++)
                pixels[i + c] = (byte)Math.Clamp(pixels[i + c] + noise, 0, 255);
        }

        byte[] best = [];
        for (var quality = 95; quality >= 40; quality -= 5)
        {
            using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, quality);
            best = data.ToArray();
            if (best.Length <= targetBytes * 1.1)
                break;
        }

        return best;
    }
}
