using SkiaSharp;

namespace ShelfCloud.TestSupport;

/// <summary>
/// A small ImageFolder of "product photos" laid out like the Grocery Store dataset (category/type/class/photo.jpg):
/// each class has its own colours, each photo of it a little noise of its own.
/// </summary>
public static class ProductPhotoFolder
{
    /// <summary>Writes <paramref name="classes"/> classes named Brand-1-Milk … with <paramref name="photosPerClass"/> photos each.</summary>
    /// <returns>The class names, in ordinal order.</returns>
    public static IReadOnlyList<string> Write(string root, int classes, int photosPerClass)
    {
        var names = new List<string>();
        for (var c = 0; c < classes; c++)
        {
            var name = $"Brand-{c + 1:D2}-Milk";
            names.Add(name);
            var folder = Path.Combine(root, c % 2 == 0 ? "Packages" : "Fruit", "Shelf", name);
            Directory.CreateDirectory(folder);
            for (var p = 0; p < photosPerClass; p++)
            {
                using var photo = Photo(c, p);
                File.WriteAllBytes(Path.Combine(folder, $"{name}_{p:D3}.jpg"), TestImages.Encode(photo, SKEncodedImageFormat.Jpeg, 90));
            }
        }

        return names.Order(StringComparer.Ordinal).ToList();
    }

    private static SKBitmap Photo(int classIndex, int photoIndex)
    {
        var random = new Random(classIndex * 1000 + 7);
        SKColor Next() => new((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
        var photo = TestImages.Quadrants(96, 128, Next(), Next(), Next(), Next());
        var noise = new Random(classIndex * 1000 + photoIndex);
        for (var i = 0; i < 200; i++)
            photo.SetPixel(noise.Next(photo.Width), noise.Next(photo.Height), SKColors.Black);
        return photo;
    }
}
