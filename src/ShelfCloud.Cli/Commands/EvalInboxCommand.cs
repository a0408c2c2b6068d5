using System.CommandLine;
using System.Globalization;
using ShelfCloud.Cli.Recognition;
using ShelfCloud.Domain.Inbox;
using ShelfCloud.Domain.Tenancy;
using ShelfCloud.Vision.Recognition;
using ShelfCloud.Vision.Search;
using ShelfCloud.Vision.Tooling.Datasets;
using ShelfCloud.Vision.Tooling.Evaluation;
using ShelfCloud.Vision.Tooling.Recognition;
using ShelfCloud.Vision.Tooling.Synthetic;

namespace ShelfCloud.Cli.Commands;

/// <summary>
/// <c>eval inbox --data DIR --gallery IMAGEFOLDER --json FILE [--remove N] [--seed S] [--threshold T] [--truth-boxes]</c>:
/// takes N SKUs that stand on the history's shelves out of the catalog, recognises the history as the product would
/// (realgram, open-set rule), groups the crops answered unknown as the inbox does (<see cref="InboxEvaluator"/>), then
/// names each group whose majority is a removed SKU — its latest crops become that SKU's reference vectors — and scores
/// every crop of the removed SKUs again, as the back-fill does.
/// </summary>
internal static class EvalInboxCommand
{
    private const int NamedCropsPerGroup = 20;

    public static Command Create(CliContext cli)
    {
        var data = new Option<string>("--data") { Description = "Output folder of `shelfcloud synth --days N --crops IMAGEFOLDER`", Required = true };
        var galleryOption = new Option<string>("--gallery") { Description = "ImageFolder of reference photos of the catalog's SKUs", Required = true };
        var json = new Option<string>("--json") { Description = "JSON file for the figures", Required = true };
        var remove = new Option<int>("--remove") { Description = "SKUs taken out of the catalog", DefaultValueFactory = _ => 5 };
        var seed = new Option<int>("--seed") { Description = "Chooses the SKUs taken out", DefaultValueFactory = _ => 1 };
        var threshold = new Option<double>("--threshold") { Description = "Cosine to a group's mean look from which a crop joins it", DefaultValueFactory = _ => UnknownProductClusterer.DefaultThreshold };
        var every = new Option<int>("--annotate-every-days") { Description = "Days between two annotated photos of a shelf", DefaultValueFactory = _ => 4 };
        var truth = new Option<bool>("--truth-boxes") { Description = "Recognise the labelled boxes instead of the detector's" };
        var command = new Command("inbox", "How well the unknown-product inbox collects SKUs missing from the catalog, and what naming them corrects.")
        {
            data, galleryOption, json, remove, seed, threshold, every, truth,
        };
        command.SetAction((parse, ct) => CommandGuard.RunAsync(cli, async () =>
        {
            var folder = CommandPaths.ExistingFolder(parse.GetValue(data), "--data");
            var jsonPath = CommandPaths.OutputFile(parse.GetValue(json), "--json");
            var (removeCount, cosine, annotateEvery) = (parse.GetValue(remove), parse.GetValue(threshold), parse.GetValue(every));
            if (removeCount < 1 || cosine is <= 0 or >= 1 || annotateEvery < 1)
                throw new CommandInputException("--remove must be at least 1, --threshold between 0 and 1, --annotate-every-days at least 1.");
            var original = EvalRealgramCommand.ReadDataset(folder);
            var references = EvalRealgramCommand.References(folder, parse.GetValue(galleryOption));
            var removed = ChooseRemoved(original, references.Images, removeCount, parse.GetValue(seed));
            var strangers = original.SelectMany(p => p.Products).Where(l => !l.InCatalog).Select(l => l.Sku).ToHashSet(StringComparer.Ordinal);
            var photos = original.Select(p => p with { Products = p.Products.Select(l => removed.Contains(l.Sku) ? l with { InCatalog = false } : l).ToList() }).ToList();

            using var host = cli.BuildHost();
            var models = new CommandModels(host.Services);
            using var detectorModel = models.Detector(null);
            using var embedderModel = models.Embedder(null);
            using var gallery = await LoadedGallery.LoadAsync(cli, embedderModel, references.Images.Where(i => !removed.Contains(i.ClassName)).ToList(),
                references.Option, new SkippedImages(cli), ct);
            var pipeline = new RecognitionPipeline(detectorModel, embedderModel, gallery.Gallery.Index);
            var settings = new RealgramSettings();
            var replay = new ShelfHistoryReplay(pipeline, gallery.Gallery, settings, annotateEvery, parse.GetValue(truth));
            var replayed = await CommandProgress.RunAsync(cli, "Recognising the shelves' history", photos.Count, advance => replay.RecognizeAsync(photos, advance, ct));

            var evaluator = new InboxEvaluator(cosine);
            var crops = new List<(int Photo, int Product, string Class, CropKind Kind)>();
            var ordered = replayed.Select((p, i) => (Photo: p, Index: i)).OrderBy(p => p.Photo.Labels.TakenAt).ToList();
            foreach (var (photo, index) in ordered)
            {
                for (var k = 0; k < photo.Products.Count; k++)
                {
                    var product = photo.Products[k];
                    var label = photo.Labels.Products.MaxBy(l => l.Box.IoU(product.Box));
                    if (label is null || label.Box.IoU(product.Box) < RealgramEvaluator.MatchIoU)
                        continue;
                    var kind = removed.Contains(label.Sku) ? CropKind.Removed : strangers.Contains(label.Sku) ? CropKind.Stranger : CropKind.Catalog;
                    evaluator.Add(label.Sku, kind, product.Unknown, product.Embedding);
                    crops.Add((index, k, label.Sku, kind));
                }
            }

            var before = await RescoreAsync(pipeline, gallery.Gallery, replayed, crops, settings, ct);
            var named = evaluator.NamedGroups(NamedCropsPerGroup);
            await gallery.Gallery.Index.UpsertAsync(named.SelectMany(g => g.Embeddings.Select(e => new VectorPoint(
                Guid.NewGuid(), e, new VectorPayload(gallery.Gallery.Filter.TenantId, ClassSkuMap.SkuIdOf(g.Class), null, null, VectorSource.Annotation)))).ToList(), ct);
            var after = await RescoreAsync(pipeline, gallery.Gallery, replayed, crops, settings, ct);

            var report = evaluator.Report();
            var outcome = new NamingOutcome(
                named.Count, named.Select(g => g.Class).Distinct().Count(),
                Share(crops, after, CropKind.Removed), Share(crops, before, CropKind.Catalog), Share(crops, after, CropKind.Catalog));
            JsonFile.Write(jsonPath, writer => Write(writer, report, outcome, removed, photos.Count));
            cli.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"removed={string.Join(',', removed.Order(StringComparer.Ordinal))} crops={report.RemovedCrops} reached_inbox={report.RemovedReachedInbox:F4} " +
                $"single_product_groups={report.RemovedInSingleProductGroups:F4} groups={report.Groups} named={outcome.NamedGroups} " +
                $"corrected_after_naming={outcome.RemovedRightAfterNaming:F4} catalog_top1 {outcome.CatalogRightBefore:F4} -> {outcome.CatalogRightAfter:F4} " +
                $"catalog_in_inbox={report.CatalogInInbox:F4}"));
            return 0;
        }));
        return command;
    }

    /// <summary><paramref name="count"/> catalog SKUs that stand on the shelves, chosen by <paramref name="seed"/>.</summary>
    private static HashSet<string> ChooseRemoved(IReadOnlyList<SyntheticShelfLabels> photos, IReadOnlyList<LabelledImage> references, int count, int seed)
    {
        var inGallery = references.Select(r => r.ClassName).ToHashSet(StringComparer.Ordinal);
        var onShelves = photos.SelectMany(p => p.Products).Where(l => l.InCatalog && inGallery.Contains(l.Sku)).Select(l => l.Sku)
            .Distinct().Order(StringComparer.Ordinal).ToList();
        if (onShelves.Count <= count)
            throw new CommandInputException($"--remove {count}: the history has only {onShelves.Count} catalog SKUs on its shelves.");
        var random = new Random(seed);
        return onShelves.OrderBy(_ => random.Next()).Take(count).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Every crop scored again from its embedding (visual search and the open-set rule, no realgram): the back-fill's answer.</summary>
    private static async Task<Dictionary<(int, int), Guid?>> RescoreAsync(
        RecognitionPipeline pipeline, ImageFolderGallery gallery, IReadOnlyList<ReplayedPhoto> photos,
        IReadOnlyList<(int Photo, int Product, string Class, CropKind Kind)> crops, RealgramSettings settings, CancellationToken ct)
    {
        var byPhoto = crops.GroupBy(c => c.Photo).ToList();
        var images = byPhoto.Select(g => new RescoreImage(
            g.Select(c => photos[c.Photo].Products[c.Product]).Select(p => new RescoreCrop(p.Box, p.DetectorScore, p.ClassId, p.Embedding)).ToList(), null)).ToList();
        var products = await pipeline.RescoreAsync(images, gallery.Filter, settings, ct);
        var answers = new Dictionary<(int, int), Guid?>();
        for (var i = 0; i < byPhoto.Count; i++)
        {
            var list = byPhoto[i].ToList();
            for (var k = 0; k < list.Count; k++)
                answers[(list[k].Photo, list[k].Product)] = products[i][k].Unknown ? null : products[i][k].SkuId;
        }

        return answers;
    }

    private static double Share(IReadOnlyList<(int Photo, int Product, string Class, CropKind Kind)> crops, Dictionary<(int, int), Guid?> answers, CropKind kind)
    {
        var of = crops.Where(c => c.Kind == kind).ToList();
        return of.Count == 0 ? 0 : Math.Round((double)of.Count(c => answers[(c.Photo, c.Product)] == ClassSkuMap.SkuIdOf(c.Class)) / of.Count, 4);
    }

    private sealed record NamingOutcome(int NamedGroups, int NamedSkus, double RemovedRightAfterNaming, double CatalogRightBefore, double CatalogRightAfter);

    private static void Write(System.Text.Json.Utf8JsonWriter writer, InboxReport report, NamingOutcome outcome, HashSet<string> removed, int photos)
    {
        writer.WriteStartObject();
        writer.WriteNumber("captures", photos);
        writer.WriteStartArray("removed_skus");
        foreach (var sku in removed.Order(StringComparer.Ordinal))
            writer.WriteStringValue(sku);
        writer.WriteEndArray();
        writer.WriteRounded("threshold", report.Threshold);
        writer.WriteNumber("removed_crops", report.RemovedCrops);
        writer.WriteRounded("removed_reached_inbox", report.RemovedReachedInbox);
        writer.WriteRounded("removed_in_single_product_groups", report.RemovedInSingleProductGroups);
        writer.WriteNumber("groups", report.Groups);
        writer.WriteNumber("single_product_groups", report.SingleProductGroups);
        writer.WriteNumber("named_groups", outcome.NamedGroups);
        writer.WriteNumber("named_skus", outcome.NamedSkus);
        writer.WriteRounded("removed_corrected_after_naming", outcome.RemovedRightAfterNaming);
        writer.WriteRounded("catalog_top1_visual_before_naming", outcome.CatalogRightBefore);
        writer.WriteRounded("catalog_top1_visual_after_naming", outcome.CatalogRightAfter);
        writer.WriteNumber("catalog_crops", report.CatalogCrops);
        writer.WriteRounded("catalog_in_inbox", report.CatalogInInbox);
        writer.WriteNumber("stranger_crops", report.StrangerCrops);
        writer.WriteRounded("strangers_reached_inbox", report.StrangersReachedInbox);
        writer.WriteEndObject();
    }
}
