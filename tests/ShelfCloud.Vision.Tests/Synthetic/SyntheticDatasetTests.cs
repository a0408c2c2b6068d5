using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using ShelfCloud.Domain.Catalog;
using ShelfCloud.Vision.Tooling.Synthetic;

namespace ShelfCloud.Vision.Tests.Synthetic;

public sealed class SyntheticDatasetTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "shelfcloud-synth-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
            Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public void Same_seed_writes_identical_files_and_another_seed_does_not()
    {
        SyntheticDatasetWriter.Write(new SyntheticDatasetOptions(Path.Combine(_root, "a"), Seed: 3, Shelves: 2, Skus: 20));
        SyntheticDatasetWriter.Write(new SyntheticDatasetOptions(Path.Combine(_root, "b"), Seed: 3, Shelves: 2, Skus: 20));
        SyntheticDatasetWriter.Write(new SyntheticDatasetOptions(Path.Combine(_root, "c"), Seed: 4, Shelves: 2, Skus: 20));

        Fingerprint("a").ShouldBe(Fingerprint("b"));
        Fingerprint("a").ShouldNotBe(Fingerprint("c"));
    }

    [Fact]
    public void A_shelfs_random_stream_is_the_same_in_every_process()
    {
        // HashCode.Combine would differ from one process to the next: this value is fixed.
        StableSeed.Of(3, 0).ShouldBe(930843563);
        StableSeed.Of(3, 1).ShouldNotBe(StableSeed.Of(3, 0));
        StableSeed.Of(4, 0).ShouldNotBe(StableSeed.Of(3, 0));
    }

    [Fact]
    public void Writes_catalog_packshots_yolo_labels_metadata_and_crops()
    {
        var summary = SyntheticDatasetWriter.Write(new SyntheticDatasetOptions(_root, Seed: 11, Shelves: 3, Skus: 30));

        var catalog = File.ReadAllLines(Path.Combine(_root, "catalog.csv"));
        catalog[0].ShouldBe("code,gtin,name,brand,manufacturer,category,size,flavor,shape");
        catalog.Length.ShouldBe(31);
        Directory.GetFiles(Path.Combine(_root, "packshots"), "*.png").Length.ShouldBe(30);
        Directory.GetFiles(Path.Combine(_root, "shelves", "images"), "*.jpg").Length.ShouldBe(3);
        summary.Products.ShouldBeGreaterThan(3 * 20);

        foreach (var label in Directory.GetFiles(Path.Combine(_root, "shelves", "labels")))
        {
            foreach (var line in File.ReadAllLines(label))
            {
                var parts = line.Split(' ');
                parts.Length.ShouldBe(5);
                parts[0].ShouldBeOneOf("0", "1");
                parts.Skip(1).Select(p => float.Parse(p, CultureInfo.InvariantCulture)).ShouldAllBe(v => v > 0 && v <= 1);
            }
        }
        var crops = Directory.GetDirectories(Path.Combine(_root, "crops"));
        crops.ShouldNotBeEmpty();
        crops.ShouldAllBe(d => Path.GetFileName(d).StartsWith("SYN-"));
        Directory.GetFiles(Path.Combine(_root, "crops"), "*.jpg", SearchOption.AllDirectories).Length.ShouldBe(summary.Crops);
    }

    [Fact]
    public void Metadata_boxes_lie_inside_the_image_and_match_the_labels()
    {
        SyntheticDatasetWriter.Write(new SyntheticDatasetOptions(_root, Seed: 5, Shelves: 2, Skus: 25));
        foreach (var metaPath in Directory.GetFiles(Path.Combine(_root, "shelves", "meta")))
        {
            using var meta = JsonDocument.Parse(File.ReadAllText(metaPath));
            var width = meta.RootElement.GetProperty("width").GetSingle();
            var height = meta.RootElement.GetProperty("height").GetSingle();
            var products = meta.RootElement.GetProperty("products").EnumerateArray().ToList();
            var gaps = meta.RootElement.GetProperty("gaps").EnumerateArray().ToList();
            foreach (var box in products.Concat(gaps).Select(p => p.GetProperty("box").EnumerateArray().Select(v => v.GetSingle()).ToArray()))
            {
                box[0].ShouldBeGreaterThanOrEqualTo(0);
                box[1].ShouldBeGreaterThanOrEqualTo(0);
                box[2].ShouldBeLessThanOrEqualTo(width);
                box[3].ShouldBeLessThanOrEqualTo(height);
                (box[2] > box[0] && box[3] > box[1]).ShouldBeTrue();
            }
            var stem = Path.GetFileNameWithoutExtension(metaPath);
            File.ReadAllLines(Path.Combine(_root, "shelves", "labels", stem + ".txt")).Length.ShouldBe(products.Count + gaps.Count);
            meta.RootElement.GetProperty("rows").GetArrayLength().ShouldBeInRange(3, 5);
        }
    }

    [Fact]
    public void Catalog_covers_every_shape_and_product_type_with_fine_grained_brand_variants()
    {
        var catalog = SyntheticCatalog.Generate(70, seed: 1);
        catalog.Select(s => s.Shape).Distinct().Count().ShouldBe(Enum.GetValues<ProductShape>().Length);
        catalog.Select(s => s.Category).Distinct().ShouldBe(["Beer", "Cosmetics", "Dairy", "Drinks", "Liquor", "Seasonings", "Tobacco"], ignoreOrder: true);
        catalog.Select(s => s.Code).Distinct().Count().ShouldBe(70);
        var family = catalog.GroupBy(s => s.Brand).First(g => g.Count() >= 3).ToList();
        family.Select(s => s.BodyColor).Distinct().Count().ShouldBe(1, "variants of a brand share the body colour");
        family.Select(s => (s.Flavor, s.Size)).Distinct().Count().ShouldBe(family.Count);
    }

    [Fact]
    public void Gtins_have_valid_check_digits()
    {
        foreach (var sku in SyntheticCatalog.Generate(40, seed: 9))
        {
            sku.Gtin.Length.ShouldBe(13);
            var sum = sku.Gtin[..12].Select((c, i) => (c - '0') * (i % 2 == 0 ? 1 : 3)).Sum();
            (sku.Gtin[12] - '0').ShouldBe((10 - sum % 10) % 10);
        }
    }

    [Fact]
    public void Days_mode_renders_the_same_shelves_over_time_with_depletion_and_restocking()
    {
        var options = new SyntheticDatasetOptions(_root, Seed: 21, Shelves: 1, Skus: 20, Days: 3);
        SyntheticDatasetWriter.Write(options);

        var metas = Directory.GetFiles(Path.Combine(_root, "shelves", "meta")).Order(StringComparer.Ordinal)
            .Select(p => JsonDocument.Parse(File.ReadAllText(p)).RootElement).ToList();
        metas.Count.ShouldBe(SyntheticDatasetWriter.ImageCount(options));
        metas.Select(m => m.GetProperty("shelf").GetString()).Distinct().ShouldBe(["shelf000"]);
        var times = metas.Select(m => m.GetProperty("taken_at").GetDateTimeOffset()).ToList();
        times.ShouldBe(times.Order().ToList());
        var gapsPerCapture = metas.Select(m => m.GetProperty("gaps").GetArrayLength()).ToList();
        gapsPerCapture.Max().ShouldBeGreaterThan(gapsPerCapture[0], "facings empty out during a day");
    }

    private string Fingerprint(string dir)
    {
        var folder = Path.Combine(_root, dir);
        using var sha = SHA256.Create();
        foreach (var file in Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = System.Text.Encoding.UTF8.GetBytes(Path.GetRelativePath(folder, file));
            sha.TransformBlock(name, 0, name.Length, null, 0);
            var bytes = File.ReadAllBytes(file);
            sha.TransformBlock(bytes, 0, bytes.Length, null, 0);
        }
        sha.TransformFinalBlock([], 0, 0);
        return Convert.ToHexString(sha.Hash!);
    }
}
