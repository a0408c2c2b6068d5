using SkiaSharp;

namespace ShelfCloud.TestSupport;

/// <summary>
/// Shelf-like images for the tiny test detector. Its boxes are constants in its 128×128 input (see
/// make_test_models.py) and its scores scale with the image's brightness, so a shelf here is white with coloured packs
/// painted exactly where those boxes land.
/// </summary>
public static class TestShelves
{
    public static readonly SKColor Red = new(255, 0, 0);
    public static readonly SKColor Green = new(0, 255, 0);
    public static readonly SKColor Blue = new(0, 0, 255);
    public static readonly SKColor Yellow = new(255, 255, 0);

    /// <summary>The detector's boxes, highest score first, on a 256×128 image (letterboxed at scale 0.5, 32 rows of padding).</summary>
    public static readonly SKRect[] WideBoxes = [new(44, 2, 84, 62), new(162, 24, 222, 104), new(124, 0, 156, 20)];

    /// <summary>The class the detector gives each of <see cref="WideBoxes"/> (0 product, 1 empty).</summary>
    public static readonly int[] WideBoxClassIds = [0, 1, 0];

    /// <summary>A white image of <paramref name="scale"/> × 256×128 with one pack per detector box, in the given colours.</summary>
    public static SKBitmap Shelf(int scale, params SKColor[] packs)
    {
        var bitmap = TestImages.Solid(256 * scale, 128 * scale, SKColors.White);
        using var canvas = new SKCanvas(bitmap);
        using var paint = new SKPaint { IsAntialias = false };
        for (var i = 0; i < packs.Length; i++)
        {
            paint.Color = packs[i];
            var box = WideBoxes[i];
            canvas.DrawRect(new SKRect(box.Left * scale, box.Top * scale, box.Right * scale, box.Bottom * scale), paint);
        }

        return bitmap;
    }

    /// <summary>The PNG of <see cref="Shelf"/>.</summary>
    public static byte[] ShelfPng(int scale, params SKColor[] packs)
    {
        using var bitmap = Shelf(scale, packs);
        return TestImages.Png(bitmap);
    }
}
