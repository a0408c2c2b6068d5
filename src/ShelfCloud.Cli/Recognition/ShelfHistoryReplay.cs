using ShelfCloud.Domain.Recognition;
using ShelfCloud.Domain.Tenancy;
using ShelfCloud.Vision.Recognition;
using ShelfCloud.Vision.Tooling.Evaluation;
using ShelfCloud.Vision.Tooling.Recognition;
using ShelfCloud.Vision.Tooling.Synthetic;

namespace ShelfCloud.Cli.Recognition;

/// <summary>One photo of a replayed history: what was labelled, what recognition found, and what the realgram knew.</summary>
/// <param name="Annotated">An annotator confirmed this photo after it was recognised.</param>
internal sealed record ReplayedPhoto(
    SyntheticShelfLabels Labels, IReadOnlyList<RecognizedProduct> Products, IReadOnlyList<ShelfAnnotation> Annotations, IReadOnlyList<Guid?> RightSkus,
    bool Annotated);

/// <summary>
/// Recognises a synthetic shelf history as the product would — each shelf's photos in time order, with the realgram of
/// the annotations made so far — once; the final choice is then replayed as often as needed (<see cref="Score"/>).
/// Every <c>annotateEvery</c> days an annotator confirms the day's first photo (its catalog products become
/// annotations, after it was recognised). With <c>truthBoxes</c> the labelled boxes replace the detector.
/// </summary>
internal sealed class ShelfHistoryReplay(
    RecognitionPipeline pipeline, ImageFolderGallery gallery, RealgramSettings settings, int annotateEvery, bool truthBoxes)
{
    private const int ProductClass = 0;

    /// <summary>How many photos were annotated.</summary>
    public int Annotated { get; private set; }

    /// <summary>Recognises every photo, shelf by shelf in time order.</summary>
    public async Task<IReadOnlyList<ReplayedPhoto>> RecognizeAsync(IReadOnlyList<SyntheticShelfLabels> photos, Action<int> advance, CancellationToken ct)
    {
        var replayed = new List<ReplayedPhoto>(photos.Count);
        foreach (var shelf in photos.GroupBy(p => p.Shelf))
            replayed.AddRange(await RecognizeShelfAsync(shelf.ToList(), advance, ct));
        return replayed;
    }

    /// <summary>Decides every photo with <paramref name="decisions"/> and scores it; tracks restart at each shelf.</summary>
    public void Score(IReadOnlyList<ReplayedPhoto> photos, ShelfHistoryDecisions decisions, RealgramEvaluator evaluator)
    {
        string? shelf = null;
        var firstDay = DateTime.MinValue;
        foreach (var photo in photos)
        {
            if (photo.Labels.Shelf != shelf)
            {
                decisions.BeginShelf();
                firstDay = photo.Labels.TakenAt.UtcDateTime.Date;
            }

            shelf = photo.Labels.Shelf;
            var predictions = decisions.Decide(photo.Products, photo.Annotations, photo.Labels.TakenAt, ClassOf, photo.RightSkus, pipeline.UnknownThreshold);
            evaluator.Add(photo.Labels.Products, predictions, hadHistory: photo.Annotations.Count > 0, photo.Labels.Shelf,
                (photo.Labels.TakenAt.UtcDateTime.Date - firstDay).Days, photo.Annotated);
        }
    }

    private async Task<List<ReplayedPhoto>> RecognizeShelfAsync(IReadOnlyList<SyntheticShelfLabels> history, Action<int> advance, CancellationToken ct)
    {
        var annotations = new List<ShelfAnnotation>();
        var firstDay = history[0].TakenAt.UtcDateTime.Date;
        var annotatedDays = new HashSet<DateTime>();
        var replayed = new List<ReplayedPhoto>(history.Count);
        foreach (var photo in history)
        {
            var bytes = await File.ReadAllBytesAsync(photo.ImagePath, ct);
            var seen = annotations.ToList();
            var request = new RecognitionRequest([
                new RecognitionImage(photo.ImagePath, bytes)
                {
                    Shelf = new ShelfContext(seen, photo.TakenAt),
                    KnownBoxes = truthBoxes ? photo.Products.Select(p => p.Box).ToList() : null,
                },
            ]) { SearchFilter = gallery.Filter, Realgram = settings };
            var products = Products((await pipeline.RecognizeAsync(request, ct)).Images[0]);
            var day = photo.TakenAt.UtcDateTime.Date;
            var annotated = (day - firstDay).Days % annotateEvery == 0 && annotatedDays.Add(day);
            replayed.Add(new ReplayedPhoto(photo, products, seen, RightSkus(products, photo), annotated));
            if (annotated)
            {
                var captureId = Guid.NewGuid();
                annotations.AddRange(photo.Products.Where(p => p.InCatalog)
                    .Select(p => new ShelfAnnotation(ClassSkuMap.SkuIdOf(p.Sku), p.Box, photo.TakenAt, captureId)));
            }

            advance(1);
        }

        Annotated += annotatedDays.Count;
        return replayed;
    }

    /// <summary>The labelled SKU of the label each product's box overlaps most (IoU ≥ 0.5); null for none or a product outside the catalog.</summary>
    private static List<Guid?> RightSkus(IReadOnlyList<RecognizedProduct> products, SyntheticShelfLabels photo) =>
        products.Select(product =>
        {
            var label = photo.Products.MaxBy(l => l.Box.IoU(product.Box));
            return label is not null && label.InCatalog && label.Box.IoU(product.Box) >= RealgramEvaluator.MatchIoU
                ? ClassSkuMap.SkuIdOf(label.Sku) : (Guid?)null;
        }).ToList();

    private string? ClassOf(Guid? skuId) => skuId is { } sku ? gallery.Classes.ClassOf(sku) : null;

    private static List<RecognizedProduct> Products(RecognizedImage image) =>
        image.IsRecognised ? image.Products.Where(p => p.ClassId == ProductClass).ToList()
            : throw new CommandInputException($"{image.Name}: {image.Rejection!.Message}");
}
