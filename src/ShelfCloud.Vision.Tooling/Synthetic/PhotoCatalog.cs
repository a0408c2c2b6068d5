using System.Globalization;
using ShelfCloud.Domain.Catalog;
using ShelfCloud.Vision.Tooling.Datasets;
using SkiaSharp;

namespace ShelfCloud.Vision.Tooling.Synthetic;

/// <summary>
/// The products of an ImageFolder of real photos (<c>synth --crops</c>): each class is a SKU named after it, its
/// photos (downscaled, decoded once) are what its facings show. Every <see cref="StrangerEvery"/>-th class is kept out
/// of the catalog: a product the store sells but the tenant never onboarded, which recognition should answer unknown.
/// </summary>
public sealed class PhotoCatalog : IDisposable
{
    public const int StrangerEvery = 10;
    private const int MaxPhotoSide = 320;

    private readonly List<IReadOnlyList<SKBitmap>> _photos;

    private PhotoCatalog(List<SyntheticSku> skus, int catalogCount, List<IReadOnlyList<SKBitmap>> photos, List<string> firstPhotoPaths)
    {
        Skus = skus;
        CatalogCount = catalogCount;
        _photos = photos;
        FirstPhotoPaths = firstPhotoPaths;
    }

    /// <summary>The catalog's SKUs first (indexes below <see cref="CatalogCount"/>), then the strangers.</summary>
    public IReadOnlyList<SyntheticSku> Skus { get; }

    /// <summary>How many of <see cref="Skus"/> are in the catalog.</summary>
    public int CatalogCount { get; }

    /// <summary>The catalog's SKUs.</summary>
    public IReadOnlyList<SyntheticSku> Catalog => Skus.Take(CatalogCount).ToList();

    /// <summary>Per SKU, the path of its first photo (the packshot stand-in).</summary>
    public IReadOnlyList<string> FirstPhotoPaths { get; }

    /// <summary>True when <paramref name="skuIndex"/> is a catalog SKU, false for a stranger.</summary>
    public bool InCatalog(int skuIndex) => skuIndex < CatalogCount;

    /// <summary>The decoded photos of one SKU.</summary>
    public IReadOnlyList<SKBitmap> PhotosOf(int skuIndex) => _photos[skuIndex];

    /// <summary>Reads the ImageFolder; at most <paramref name="maxSkus"/> catalog SKUs (classes in ordinal order).</summary>
    /// <exception cref="InvalidDataException">The folder has fewer than two classes with a readable photo.</exception>
    public static PhotoCatalog Load(string imageFolder, int maxSkus, int seed)
    {
        var classes = ImageFolder.Read(imageFolder)
            .GroupBy(image => image.ClassName, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        var random = new Random(seed);
        var catalog = new List<(SyntheticSku Sku, IReadOnlyList<SKBitmap> Photos, string First)>();
        var strangers = new List<(SyntheticSku Sku, IReadOnlyList<SKBitmap> Photos, string First)>();
        for (var i = 0; i < classes.Count; i++)
        {
            var images = classes[i].ToList();
            var photos = images.Select(image => DecodeSmall(image.Path)).OfType<SKBitmap>().ToList();
            if (photos.Count == 0)
                continue;
            var isStranger = i % StrangerEvery == StrangerEvery - 1;
            if (!isStranger && catalog.Count >= maxSkus)
            {
                photos.ForEach(p => p.Dispose());
                continue;
            }
            var sku = SkuOf(classes[i].Key, CategoryOf(imageFolder, images[0].RelativePath), random);
            (isStranger ? strangers : catalog).Add((sku, photos, images[0].Path));
        }

        if (catalog.Count < 2)
            throw new InvalidDataException($"'{imageFolder}' has fewer than two classes with a readable photo: it is not an ImageFolder of products.");
        var all = catalog.Concat(strangers).ToList();
        return new PhotoCatalog(all.Select(c => c.Sku).ToList(), catalog.Count, all.Select(c => c.Photos).ToList(), all.Select(c => c.First).ToList());
    }

    public void Dispose()
    {
        foreach (var bitmap in _photos.SelectMany(p => p))
            bitmap.Dispose();
    }

    /// <summary>The first folder below the root (Fruit, Packages, Vegetables in the Grocery Store dataset): shelves group by it.</summary>
    private static string CategoryOf(string root, string relativePath)
    {
        var parts = relativePath.Split('/');
        return parts.Length >= 3 ? parts[0] : Path.GetFileName(Path.GetFullPath(root).TrimEnd('/'));
    }

    private static SyntheticSku SkuOf(string className, string category, Random random)
    {
        var words = className.Split('-', StringSplitOptions.RemoveEmptyEntries);
        var name = string.Join(' ', words);
        var brand = words.Length > 1 ? words[0] : category;
        return new SyntheticSku(
            Code: className, Gtin: "", Name: name, Brand: brand, Manufacturer: brand, Category: category, Size: "", Flavor: "",
            Shape: ProductShape.Box, BodyColor: SKColors.Gray, LabelColor: SKColors.White, AccentColor: SKColors.Black, Pattern: 0,
            SizeScale: 0.8f + 0.2f * random.NextSingle());
    }

    private static SKBitmap? DecodeSmall(string path)
    {
        using var full = SKBitmap.Decode(path);
        if (full is null)
            return null;
        var scale = Math.Min(1f, (float)MaxPhotoSide / Math.Max(full.Width, full.Height));
        var info = new SKImageInfo(Math.Max(1, (int)(full.Width * scale)), Math.Max(1, (int)(full.Height * scale)), SKColorType.Rgba8888, SKAlphaType.Premul);
        var small = full.Resize(info, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        // Shelves render in parallel from the same photos: immutable bitmaps are shared, never copied or changed.
        small?.SetImmutable();
        return small;
    }

    /// <summary>A name for logs: classes, photos, strangers.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{CatalogCount} SKUs, {Skus.Count - CatalogCount} not in the catalog, {_photos.Sum(p => p.Count)} photos");
}
