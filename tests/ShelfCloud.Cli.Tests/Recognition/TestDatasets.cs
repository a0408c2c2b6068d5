using ShelfCloud.TestSupport;
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
        ("red", TestShelves.Red),
        ("green", TestShelves.Green),
        ("blue", TestShelves.Blue),
        ("yellow", TestShelves.Yellow),
    ];

    public string Root { get; } = Directory.CreateTempSubdirectory("shelfcloud-cli-data-").FullName;

    public string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

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
                using var bitmap = TestImages.Solid(48 + 8 * i, 64, shade);
                var extension = extensions[i % extensions.Length];
                File.WriteAllBytes(System.IO.Path.Combine(folder, $"{className}-{i}{extension}"), TestImages.EncodeAs(bitmap, extension));
            }
        }

        return Path(name);
    }

    /// <summary>A white 256×128 shelf with a pack of each colour painted where the detector's boxes are.</summary>
    public string ShelfImage(string relativePath, params SKColor[] packs)
    {
        var path = Path(relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        using var bitmap = TestShelves.Shelf(1, packs);
        File.WriteAllBytes(path, TestImages.EncodeAs(bitmap, System.IO.Path.GetExtension(path)));
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
}
