using System.Globalization;
using System.Text;
using System.Text.Json;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Vision.Imaging;
using SkiaSharp;

namespace ShelfCloud.Vision.Tooling.Synthetic;

/// <summary>A summary of what <see cref="SyntheticDatasetWriter"/> wrote.</summary>
public sealed record SyntheticDatasetSummary(int Skus, int Images, int Products, int EmptyFacings, int Crops);

/// <summary>
/// Writes a synthetic dataset: <c>catalog.csv</c>, <c>packshots/&lt;sku&gt;.png</c>, <c>shelves/images/*.jpg</c> with YOLO
/// labels in <c>shelves/labels/*.txt</c> (class 0 product, 1 empty facing) and metadata in <c>shelves/meta/*.json</c>
/// (rows, products with SKUs, gaps, capture time), and <c>crops/&lt;sku&gt;/*.jpg</c> (ImageFolder).
/// </summary>
public static class SyntheticDatasetWriter
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    public static SyntheticDatasetSummary Write(SyntheticDatasetOptions options, IProgress<int>? imagesDone = null, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Shelves, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Days);
        var root = options.OutputDirectory;
        foreach (var dir in new[] { "packshots", "shelves/images", "shelves/labels", "shelves/meta", "crops" })
            Directory.CreateDirectory(Path.Combine(root, dir));

        using var photos = options.CropsFolder is null ? null : PhotoCatalog.Load(options.CropsFolder, options.Skus, options.Seed);
        var catalog = photos?.Catalog ?? SyntheticCatalog.Generate(options.Skus, options.Seed);
        var rendered = photos?.Skus ?? catalog;
        WriteCatalog(Path.Combine(root, "catalog.csv"), catalog);
        WritePackshots(root, catalog, photos);
        var novelties = photos is null ? null
            : new ShelfNovelties(Enumerable.Range(0, photos.CatalogCount).ToList(), Enumerable.Range(photos.CatalogCount, photos.Skus.Count - photos.CatalogCount).ToList());

        var totals = new int[4];
        var done = 0;
        Parallel.For(0, options.Shelves, new ParallelOptions { CancellationToken = ct }, shelf =>
        {
            // One random stream per shelf keeps the output identical whatever the thread scheduling.
            var random = new Random(StableSeed.Of(options.Seed, shelf));
            var shelfKey = $"shelf{shelf:D3}";
            IFacingArt? art = photos is null ? null : new PhotoArt(photos);
            foreach (var (stem, moment, pose) in Moments(options, catalog, novelties, shelfKey, random))
            {
                var conditions = CaptureConditions.Random(random, moment.Plan.Width, moment.Plan.Height);
                using var shelfPhoto = ShelfRenderer.Render(moment.Plan, rendered, moment.Present, pose, conditions, random, art);
                var counts = WriteShelfImage(root, stem, shelfKey, moment, shelfPhoto, rendered, catalog.Count);
                Interlocked.Add(ref totals[0], 1);
                Interlocked.Add(ref totals[1], counts.Products);
                Interlocked.Add(ref totals[2], counts.Gaps);
                Interlocked.Add(ref totals[3], counts.Products);
                imagesDone?.Report(Interlocked.Increment(ref done));
            }
        });
        return new SyntheticDatasetSummary(catalog.Count, totals[0], totals[1], totals[2], totals[3]);
    }

    /// <summary>How many images <paramref name="options"/> produce (for progress bars).</summary>
    public static int ImageCount(SyntheticDatasetOptions options) =>
        options.Shelves * (options.Days == 0 ? 1 : options.Days * SyntheticDatasetOptions.CaptureHours.Length);

    private static IEnumerable<(string Stem, ShelfMoment Moment, CameraPose Pose)> Moments(
        SyntheticDatasetOptions options, IReadOnlyList<SyntheticSku> catalog, ShelfNovelties? novelties, string shelfKey, Random random)
    {
        var plan = ShelfPlanner.Plan(catalog, random);
        var pose = CameraPose.Random(random, plan.Width, plan.Height);
        if (options.Days == 0)
        {
            var present = plan.AllFacings.Select(_ => random.NextDouble() >= 0.07).ToArray();
            yield return (shelfKey, new ShelfMoment(0, 12, SyntheticDatasetOptions.Epoch.AddHours(12), plan, present), pose);
            yield break;
        }
        foreach (var moment in ShelfTimeline.Simulate(plan, options.Days, random, novelties))
            yield return ($"{shelfKey}_d{moment.Day:D2}_{moment.Hour:D2}h", moment, pose);
    }

    /// <param name="catalogCount">SKUs at or past this index are not in the catalog: their products say so in the metadata.</param>
    private static (int Products, int Gaps) WriteShelfImage(
        string root, string stem, string shelfKey, ShelfMoment moment, RenderedShelf rendered, IReadOnlyList<SyntheticSku> catalog, int catalogCount)
    {
        var image = rendered.Image;
        Save(image, Path.Combine(root, "shelves", "images", stem + ".jpg"), SKEncodedImageFormat.Jpeg, 90);

        var labels = new StringBuilder();
        foreach (var box in rendered.Boxes)
        {
            var b = box.Box;
            labels.Append(CultureInfo.InvariantCulture, $"{box.ClassId} {(b.X1 + b.X2) / 2 / image.Width:F6} {(b.Y1 + b.Y2) / 2 / image.Height:F6} {b.Width / image.Width:F6} {b.Height / image.Height:F6}\n");
        }
        File.WriteAllText(Path.Combine(root, "shelves", "labels", stem + ".txt"), labels.ToString());

        var products = rendered.Boxes.Where(b => b.ClassId == ShelfRenderer.ProductClass).ToList();
        var gaps = rendered.Boxes.Where(b => b.ClassId == ShelfRenderer.EmptyFacingClass).ToList();
        var meta = new
        {
            image = stem + ".jpg",
            width = image.Width,
            height = image.Height,
            shelf = shelfKey,
            taken_at = moment.TakenAt,
            rows = rendered.Boxes.GroupBy(b => b.RowIndex).OrderBy(g => g.Key)
                .Select(g => new { index = g.Key, top = g.Min(b => b.Box.Y1), bottom = g.Max(b => b.Box.Y2) }),
            products = products.Select(p => p.SkuIndex < catalogCount
                ? (object)new { box = Coordinates(p.Box), sku = catalog[p.SkuIndex].Code, row = p.RowIndex }
                : new { box = Coordinates(p.Box), sku = catalog[p.SkuIndex].Code, row = p.RowIndex, in_catalog = false }),
            gaps = gaps.Select(g => new { box = Coordinates(g.Box), sku = catalog[g.SkuIndex].Code, row = g.RowIndex }),
        };
        File.WriteAllText(Path.Combine(root, "shelves", "meta", stem + ".json"), JsonSerializer.Serialize(meta, Json));

        var n = 0;
        foreach (var product in products)
        {
            using var crop = ImageCropper.Crop(image, product.Box, 0.04f);
            var dir = Path.Combine(root, "crops", catalog[product.SkuIndex].Code);
            Directory.CreateDirectory(dir);
            Save(crop, Path.Combine(dir, $"{stem}_{n++:D3}.jpg"), SKEncodedImageFormat.Jpeg, 90);
        }
        return (products.Count, gaps.Count);
    }

    /// <summary>A drawn packshot per SKU, or with real photos the class's first photo (the cold-start reference).</summary>
    private static void WritePackshots(string root, IReadOnlyList<SyntheticSku> catalog, PhotoCatalog? photos)
    {
        for (var i = 0; i < catalog.Count; i++)
        {
            var path = Path.Combine(root, "packshots", catalog[i].Code + ".png");
            if (photos is not null)
            {
                Save(photos.PhotosOf(i)[0], path, SKEncodedImageFormat.Png);
                continue;
            }

            using var packshot = PackshotRenderer.RenderPackshot(catalog[i]);
            Save(packshot, path, SKEncodedImageFormat.Png);
        }
    }

    private static float[] Coordinates(BoundingBox b) => [MathF.Round(b.X1, 1), MathF.Round(b.Y1, 1), MathF.Round(b.X2, 1), MathF.Round(b.Y2, 1)];

    private static void WriteCatalog(string path, IReadOnlyList<SyntheticSku> catalog)
    {
        var csv = new StringBuilder("code,gtin,name,brand,manufacturer,category,size,flavor,shape\n");
        foreach (var s in catalog)
            csv.AppendJoin(',', new[] { s.Code, s.Gtin, s.Name, s.Brand, s.Manufacturer, s.Category, s.Size, s.Flavor, s.Shape.ToString() }.Select(CsvField)).Append('\n');
        File.WriteAllText(path, csv.ToString());
    }

    private static string CsvField(string value) =>
        value.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;

    private static void Save(SKBitmap bitmap, string path, SKEncodedImageFormat format, int quality = 100)
    {
        using var data = bitmap.Encode(format, quality);
        using var file = File.Create(path);
        data.SaveTo(file);
    }
}
