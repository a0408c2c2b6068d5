using ShelfCloud.Vision.Tooling.Synthetic;

namespace ShelfCloud.Vision.Tests.Synthetic;

public sealed class SyntheticShelfLabelsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("shelfcloud-labels-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_shelf_history_reads_back_per_shelf_in_time_order_with_every_labelled_product()
    {
        var summary = SyntheticDatasetWriter.Write(new SyntheticDatasetOptions(_root, Seed: 8, Shelves: 2, Skus: 12, Days: 1));

        var photos = SyntheticShelfLabels.ReadDataset(_root);

        photos.Count.ShouldBe(2 * SyntheticDatasetOptions.CaptureHours.Length);
        photos.Sum(p => p.Products.Count).ShouldBe(summary.Products);
        foreach (var shelf in photos.GroupBy(p => p.Shelf))
            shelf.Select(p => p.TakenAt).ShouldBeInOrder();
        photos.ShouldAllBe(p => File.Exists(p.ImagePath) && p.Products.All(x => x.Box.Width > 0 && x.Sku.Length > 0));
    }

    [Fact]
    public void A_folder_that_is_not_a_synthetic_dataset_is_refused_with_the_reason()
    {
        Should.Throw<InvalidDataException>(() => SyntheticShelfLabels.ReadDataset(_root)).Message.ShouldContain("shelves/meta");

        Directory.CreateDirectory(Path.Combine(_root, "shelves", "meta"));
        File.WriteAllText(Path.Combine(_root, "shelves", "meta", "a.json"), """{"image":"a.jpg","shelf":"s","taken_at":"2026-01-01T00:00:00Z","products":[]}""");
        Should.Throw<InvalidDataException>(() => SyntheticShelfLabels.ReadDataset(_root)).Message.ShouldContain("does not exist");
    }
}
