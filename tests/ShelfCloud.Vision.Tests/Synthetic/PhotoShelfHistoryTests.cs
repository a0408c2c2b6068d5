using System.Text.Json;
using ShelfCloud.TestSupport;
using ShelfCloud.Vision.Tooling.Synthetic;

namespace ShelfCloud.Vision.Tests.Synthetic;

/// <summary><c>synth --crops</c>: shelf histories drawn from real product photos.</summary>
public sealed class PhotoShelfHistoryTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("shelfcloud-photo-history-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private (string Photos, IReadOnlyList<string> Classes) Photos()
    {
        var photos = Path.Combine(_root, "photos");
        return (photos, ProductPhotoFolder.Write(photos, classes: 12, photosPerClass: 3));
    }

    [Fact]
    public void The_photo_classes_become_the_catalog_and_every_tenth_stays_out_of_it()
    {
        var (photos, classes) = Photos();
        var output = Path.Combine(_root, "history");

        var summary = SyntheticDatasetWriter.Write(new SyntheticDatasetOptions(output, Seed: 5, Shelves: 2, Skus: 100, Days: 6, CropsFolder: photos));

        var stranger = classes[PhotoCatalog.StrangerEvery - 1];
        var catalog = File.ReadAllLines(Path.Combine(output, "catalog.csv")).Skip(1).Select(l => l.Split(',')[0]).ToList();
        catalog.ShouldBe(classes.Where(c => c != stranger));
        summary.Skus.ShouldBe(11);
        Directory.GetFiles(Path.Combine(output, "packshots"), "*.png").Select(Path.GetFileNameWithoutExtension).ShouldBe(catalog, ignoreOrder: true);
        summary.Images.ShouldBe(2 * 6 * SyntheticDatasetOptions.CaptureHours.Length);

        var photosByTime = SyntheticShelfLabels.ReadDataset(output);
        var strangers = photosByTime.SelectMany(p => p.Products.Where(x => !x.InCatalog).Select(x => (p, x))).ToList();
        strangers.ShouldNotBeEmpty("a third of the way in, a product outside the catalog takes a facing");
        strangers.ShouldAllBe(s => s.x.Sku == stranger && s.p.TakenAt >= SyntheticDatasetOptions.Epoch.AddDays(2));
    }

    [Fact]
    public void Half_way_a_sku_the_shelf_never_held_is_listed()
    {
        var (photos, _) = Photos();
        var output = Path.Combine(_root, "history");

        SyntheticDatasetWriter.Write(new SyntheticDatasetOptions(output, Seed: 8, Shelves: 3, Skus: 100, Days: 6, CropsFolder: photos));

        foreach (var shelf in SyntheticShelfLabels.ReadDataset(output).GroupBy(p => p.Shelf))
        {
            var before = shelf.Where(p => p.TakenAt < SyntheticDatasetOptions.Epoch.AddDays(3)).SelectMany(p => p.Products).Select(p => p.Sku).ToHashSet();
            var after = shelf.Where(p => p.TakenAt >= SyntheticDatasetOptions.Epoch.AddDays(3)).SelectMany(p => p.Products).Where(p => p.InCatalog).Select(p => p.Sku).ToHashSet();
            after.Except(before).ShouldNotBeEmpty($"{shelf.Key} lists a new SKU on day 3");
        }
    }

    [Fact]
    public void The_same_seed_renders_the_same_history()
    {
        var (photos, _) = Photos();
        SyntheticDatasetWriter.Write(new SyntheticDatasetOptions(Path.Combine(_root, "a"), Seed: 3, Shelves: 1, Skus: 100, Days: 2, CropsFolder: photos));
        SyntheticDatasetWriter.Write(new SyntheticDatasetOptions(Path.Combine(_root, "b"), Seed: 3, Shelves: 1, Skus: 100, Days: 2, CropsFolder: photos));

        string Meta(string run) => string.Concat(Directory.GetFiles(Path.Combine(_root, run, "shelves", "meta")).Order().Select(File.ReadAllText));
        Meta("a").ShouldBe(Meta("b"));
        using var doc = JsonDocument.Parse(File.ReadAllText(Directory.GetFiles(Path.Combine(_root, "a", "shelves", "meta")).Order().First()));
        doc.RootElement.GetProperty("products").GetArrayLength().ShouldBeGreaterThan(0);
    }

    [Fact]
    public void A_folder_without_two_classes_of_photos_is_refused()
    {
        var photos = Path.Combine(_root, "one");
        ProductPhotoFolder.Write(photos, classes: 1, photosPerClass: 2);

        Should.Throw<InvalidDataException>(() => SyntheticDatasetWriter.Write(
            new SyntheticDatasetOptions(Path.Combine(_root, "out"), Seed: 1, Shelves: 1, Days: 1, CropsFolder: photos))).Message.ShouldContain("fewer than two classes");
    }

    [Fact]
    public void A_photo_is_cropped_to_the_facing_around_its_centre()
    {
        var source = PhotoArt.CoverSource(300, 400, 0.5f);

        (source.Left, source.Top, source.Width, source.Height).ShouldBe((50f, 0f, 200f, 400f));
        var wide = PhotoArt.CoverSource(400, 300, 2f);
        (wide.Left, wide.Top, wide.Width, wide.Height).ShouldBe((0f, 50f, 400f, 200f));
    }
}
