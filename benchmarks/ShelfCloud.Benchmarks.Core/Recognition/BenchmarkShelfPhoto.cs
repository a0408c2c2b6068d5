using SkiaSharp;

namespace ShelfCloud.Benchmarks.Core.Recognition;

/// <summary>
/// A synthetic shelf photo for benchmarks: shelf boards with rows of coloured, labelled packs, encoded as a
/// JPEG the way a camera uploads it. Deterministic for a given size and seed.
/// </summary>
internal static class BenchmarkShelfPhoto
{
    /// <summary>Pack colours; each is one SKU of the benchmark gallery.</summary>
    public static IReadOnlyList<SKColor> Palette { get; } =
    [
        new(200, 30, 40), new(30, 120, 200), new(240, 200, 30), new(40, 160, 70),
        new(250, 130, 20), new(120, 60, 170), new(20, 20, 20), new(240, 240, 240),
    ];

    /// <summary>Draws the photo and returns it JPEG-encoded.</summary>
    public static byte[] Jpeg(int width, int height, int seed = 7)
    {
        using var bitmap = Draw(width, height, seed);
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }

    /// <summary>A pack of one palette colour, as a reference image of that SKU.</summary>
    public static SKBitmap Pack(int colour, int width, int height)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(bitmap);
        DrawPack(canvas, SKRect.Create(width, height), Palette[colour]);
        return bitmap;
    }

    private static SKBitmap Draw(int width, int height, int seed)
    {
        var random = new Random(seed);
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(new SKColor(205, 205, 200));
        using var board = new SKPaint { Color = new SKColor(110, 80, 50) };
        const int rows = 4;
        var rowHeight = height / (float)rows;
        var boardHeight = rowHeight * 0.08f;
        for (var row = 0; row < rows; row++)
        {
            var bottom = (row + 1) * rowHeight - boardHeight;
            canvas.DrawRect(0, bottom, width, boardHeight, board);
            var x = width * 0.01f;
            while (true)
            {
                var packWidth = width * (0.035f + 0.03f * (float)random.NextDouble());
                var packHeight = rowHeight * (0.55f + 0.3f * (float)random.NextDouble());
                if (x + packWidth > width * 0.99f)
                {
                    break;
                }

                DrawPack(canvas, new SKRect(x, bottom - packHeight, x + packWidth, bottom), Palette[random.Next(Palette.Count)]);
                x += packWidth + width * 0.004f;
            }
        }

        return bitmap;
    }

    private static void DrawPack(SKCanvas canvas, SKRect area, SKColor colour)
    {
        using var fill = new SKPaint { Color = colour, IsAntialias = true };
        canvas.DrawRect(area, fill);
        // A white label band and dark stripes: texture like printed packaging, so the JPEG is not trivially small.
        using var label = new SKPaint { Color = SKColors.White.WithAlpha(200), IsAntialias = true };
        canvas.DrawRect(new SKRect(area.Left + area.Width * 0.1f, area.Top + area.Height * 0.4f, area.Right - area.Width * 0.1f, area.Top + area.Height * 0.6f), label);
        using var stripe = new SKPaint { Color = SKColors.Black.WithAlpha(90), StrokeWidth = Math.Max(1, area.Width * 0.03f), IsAntialias = true };
        for (var y = area.Top + area.Height * 0.45f; y < area.Top + area.Height * 0.56f; y += stripe.StrokeWidth * 2.5f)
        {
            canvas.DrawLine(area.Left + area.Width * 0.15f, y, area.Right - area.Width * 0.15f, y, stripe);
        }
    }
}
