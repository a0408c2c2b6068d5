using SkiaSharp;

namespace ShelfCloud.Cli.Tests.Recognition;

/// <summary>
/// Small datasets written with SkiaSharp into a temporary folder. Classes are solid colours whose normalised
/// RGB values point in different directions, so the tiny test embedder (quadrant colour means × a fixed
/// projection) tells them apart; the tiny detector finds its fixed boxes on bright images.
/// </summary>
internal sealed class TestDatasets : IDisposable
{
    public static readonly (string Name, SKColor Colour)[] Classes =
    [
        ("red", new SKColor(255, 0, 0)),
        ("green", new SKColor(0, 255, 0)),
        ("blue", new SKColor(0, 0, 255)),
        ("yellow", new SKColor(255, 255, 0)),
    ];

    /// <summary>The test detector's boxes on a 256×128 image, highest score first, with their class ids (0 product, 1 empty).</summary>
    public static readonly (int ClassId, SKRect Box)[] WideBoxes =
    [
        (0, new SKRect(44, 2, 84, 62)),
        (1, new SKRect(162, 24, 222, 104)),
        (0, new SKRect(124, 0, 156, 20)),
    ];

    public string Root { get; } = Directory.CreateTempSubdirectory("shelfcloud-cli-data-").FullName;

    public string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    public static string Model(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Assets", name);

    /// <summary>
    /// An ImageFolder with <paramref name="perClass"/> images of each class in shades of its colour, in a nested
    /// folder and in mixed formats and extension cases.
    /// </summary>
    public string ImageFolder(string name, int perClass, int shadeSeed)
    {
        var random = new Random(shadeSeed);
        string[] extensions = [".png", ".JPG", ".webp", ".jpeg"];
        foreach (var (className, colour) in Classes)
        {
            var folder = Path(name, "aisle-1", className);
            Directory.CreateDirectory(folder);
            for (var i = 0; i < perClass; i++)
            {
                var shade = new SKColor(Shade(colour.Red, random), Shade(colour.Green, random), Shade(colour.Blue, random));
                using var bitmap = Solid(48 + 8 * i, 64, shade);
                var extension = extensions[i % extensions.Length];
                File.WriteAllBytes(System.IO.Path.Combine(folder, $"{className}-{i}{extension}"), Encode(bitmap, extension));
            }
        }

        return Path(name);
    }

    /// <summary>A white 256×128 shelf with a pack of each colour painted where the detector's boxes are.</summary>
    public string ShelfImage(string relativePath, params SKColor[] packs)
    {
        var path = Path(relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        using var bitmap = Solid(256, 128, SKColors.White);
        using (var canvas = new SKCanvas(bitmap))
        using (var paint = new SKPaint())
        {
            for (var i = 0; i < packs.Length; i++)
            {
                paint.Color = packs[i];
                canvas.DrawRect(WideBoxes[i].Box, paint);
            }
        }

        File.WriteAllBytes(path, Encode(bitmap, System.IO.Path.GetExtension(path)));
        return path;
    }

    /// <summary>A file with an image extension that is not an image.</summary>
    public string Broken(string relativePath)
    {
        var path = Path(relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "not an image");
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { /* a leftover temp folder is harmless */ }
    }

    private static byte Shade(byte value, Random random) => (byte)Math.Clamp(value + random.Next(-20, 21), 0, 255);

    private static SKBitmap Solid(int width, int height, SKColor colour)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        bitmap.Erase(colour);
        return bitmap;
    }

    private static byte[] Encode(SKBitmap bitmap, string extension)
    {
        var format = extension.ToLowerInvariant() switch
        {
            ".jpg" or ".jpeg" => SKEncodedImageFormat.Jpeg,
            ".webp" => SKEncodedImageFormat.Webp,
            _ => SKEncodedImageFormat.Png,
        };
        using var data = bitmap.Encode(format, 95);
        return data.ToArray();
    }
}
