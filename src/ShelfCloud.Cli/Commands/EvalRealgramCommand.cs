using System.CommandLine;
using System.Globalization;
using ShelfCloud.Cli.Recognition;
using ShelfCloud.Domain.Recognition;
using ShelfCloud.Vision.Recognition;
using ShelfCloud.Vision.Tooling.Datasets;
using ShelfCloud.Vision.Tooling.Evaluation;
using ShelfCloud.Vision.Tooling.Recognition;
using ShelfCloud.Vision.Tooling.Synthetic;

namespace ShelfCloud.Cli.Commands;

/// <summary>
/// <c>eval realgram --data DIR --json FILE [--annotate-every-days N]</c>: the whole pipeline over a shelf history
/// written by <c>synth --days N</c>, on looks alone and with the realgram. Each shelf's photos are recognised in time
/// order against a gallery of the dataset's packshots (one per SKU, cold start) — on looks alone is the candidate of visual
/// rank 1, with the realgram the final first candidate; every N days an annotator confirms
/// the first photo of the day (its labelled boxes become the shelf's annotations, after it was recognised).
/// </summary>
internal static class EvalRealgramCommand
{
    private const int ProductClass = 0;

    public static Command Create(CliContext cli)
    {
        var data = new Option<string>("--data") { Description = "Output folder of `shelfcloud synth --days N` (shelves/, packshots/)", Required = true };
        var json = new Option<string>("--json") { Description = "JSON file for the figures", Required = true };
        var every = new Option<int>("--annotate-every-days") { Description = "Days between two annotated photos of a shelf", DefaultValueFactory = _ => 4 };
        var detector = new Option<string?>("--detector") { Description = "ONNX detector (default: Models:Detector)" };
        var embedder = new Option<string?>("--embedder") { Description = "ONNX embedder (default: Models:Embedder)" };
        var command = new Command("realgram", "Whole-pipeline top-1 over a synthetic shelf history, without and with the realgram.")
        {
            data, json, every, detector, embedder,
        };
        command.SetAction((parse, ct) => CommandGuard.RunAsync(cli, async () =>
        {
            var folder = CommandPaths.ExistingFolder(parse.GetValue(data), "--data");
            var jsonPath = CommandPaths.OutputFile(parse.GetValue(json), "--json");
            var annotateEvery = parse.GetValue(every);
            if (annotateEvery < 1)
                throw new CommandInputException("--annotate-every-days must be at least 1.");
            var photos = ReadDataset(folder);
            var packshots = Packshots(folder);

            using var host = cli.BuildHost();
            var models = new CommandModels(host.Services);
            using var detectorModel = models.Detector(parse.GetValue(detector));
            using var embedderModel = models.Embedder(parse.GetValue(embedder));
            var skipped = new SkippedImages(cli);
            using var gallery = await LoadedGallery.LoadAsync(cli, embedderModel, packshots, "--data packshots", skipped, ct);
            var pipeline = new RecognitionPipeline(detectorModel, embedderModel, gallery.Gallery.Index);
            var evaluator = new RealgramEvaluator();
            var annotated = await CommandProgress.RunAsync(cli, "Recognising the shelves' history", photos.Count, async advance =>
            {
                var count = 0;
                foreach (var shelf in photos.GroupBy(p => p.Shelf))
                    count += await EvaluateShelfAsync(pipeline, gallery.Gallery, shelf.ToList(), annotateEvery, evaluator, advance, ct);
                return count;
            });

            var report = evaluator.Report();
            JsonFile.Write(jsonPath, writer => Write(writer, report, annotateEvery, annotated, photos.Select(p => p.Shelf).Distinct().Count()));
            cli.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"top1 without realgram={report.Top1WithoutRealgram:F4} with realgram={report.Top1WithRealgram:F4} " +
                $"(after the first annotation: {report.Top1WithoutRealgramWithHistory:F4} -> {report.Top1WithRealgramWithHistory:F4}) " +
                $"detection recall={report.DetectionRecall:F4} captures={report.Captures} products={report.Products} annotated={annotated}"));
            return 0;
        }));
        return command;
    }

    /// <returns>How many of the shelf's photos were annotated.</returns>
    private static async Task<int> EvaluateShelfAsync(
        RecognitionPipeline pipeline, ImageFolderGallery gallery, IReadOnlyList<SyntheticShelfLabels> history, int annotateEvery,
        RealgramEvaluator evaluator, Action<int> advance, CancellationToken ct)
    {
        var annotations = new List<ShelfAnnotation>();
        var firstDay = history[0].TakenAt.UtcDateTime.Date;
        var annotatedDays = new HashSet<DateTime>();
        foreach (var photo in history)
        {
            var bytes = await File.ReadAllBytesAsync(photo.ImagePath, ct);
            // One run answers both: the candidate of visual rank 1 is what looks alone name, the first one what the realgram
            // does; an unknown answer (decided on looks alone) names no SKU either way.
            var request = new RecognitionRequest([
                new RecognitionImage(photo.ImagePath, bytes) { Shelf = new ShelfContext(annotations.ToList(), photo.TakenAt) },
            ]) { SearchFilter = gallery.Filter };
            var result = await pipeline.RecognizeAsync(request, ct);
            var predictions = Products(result.Images[0])
                .Select(p => new PredictedBox(
                    p.Box, p.Unknown ? null : ClassOf(gallery, p.Candidates.FirstOrDefault(c => c.VisualRank == 1)?.SkuId), ClassOf(gallery, p.SkuId), p.Unknown))
                .ToList();
            evaluator.Add(photo.Products, predictions, hadHistory: annotations.Count > 0);

            var day = photo.TakenAt.UtcDateTime.Date;
            if ((day - firstDay).Days % annotateEvery == 0 && annotatedDays.Add(day))
            {
                var captureId = Guid.NewGuid();
                annotations.AddRange(photo.Products.Select(p => new ShelfAnnotation(ClassSkuMap.SkuIdOf(p.Sku), p.Box, photo.TakenAt, captureId)));
            }

            advance(1);
        }

        return annotatedDays.Count;
    }

    private static List<RecognizedProduct> Products(RecognizedImage image) =>
        image.IsRecognised ? image.Products.Where(p => p.ClassId == ProductClass).ToList()
            : throw new CommandInputException($"{image.Name}: {image.Rejection!.Message}");

    private static string? ClassOf(ImageFolderGallery gallery, Guid? skuId) =>
        skuId is { } sku ? gallery.Classes.ClassOf(sku) : null;

    private static IReadOnlyList<SyntheticShelfLabels> ReadDataset(string folder)
    {
        try
        {
            var photos = SyntheticShelfLabels.ReadDataset(folder);
            return photos.Count > 0 ? photos : throw new CommandInputException($"--data: '{folder}' has no shelf photos.");
        }
        catch (InvalidDataException e)
        {
            throw new CommandInputException("--data: " + e.Message);
        }
    }

    private static List<LabelledImage> Packshots(string folder)
    {
        var packshots = Path.Combine(folder, "packshots");
        if (!Directory.Exists(packshots))
            throw new CommandInputException($"--data: '{folder}' has no packshots folder (one reference image per SKU).");
        return Directory.EnumerateFiles(packshots, "*.png").Order(StringComparer.Ordinal)
            .Select(path => new LabelledImage(path, Path.GetFileName(path), Path.GetFileNameWithoutExtension(path))).ToList();
    }

    private static void Write(System.Text.Json.Utf8JsonWriter writer, RealgramReport report, int annotateEvery, int annotated, int shelves)
    {
        writer.WriteStartObject();
        writer.WriteNumber("shelves", shelves);
        writer.WriteNumber("captures", report.Captures);
        writer.WriteNumber("products", report.Products);
        writer.WriteNumber("annotate_every_days", annotateEvery);
        writer.WriteNumber("annotated_captures", annotated);
        writer.WriteRounded("detection_recall", report.DetectionRecall);
        writer.WriteRounded("top1_without_realgram", report.Top1WithoutRealgram);
        writer.WriteRounded("top1_with_realgram", report.Top1WithRealgram);
        writer.WriteRounded("top1_without_realgram_detected", report.Top1WithoutRealgramDetected);
        writer.WriteRounded("top1_with_realgram_detected", report.Top1WithRealgramDetected);
        writer.WriteNumber("captures_with_history", report.CapturesWithHistory);
        writer.WriteRounded("top1_without_realgram_with_history", report.Top1WithoutRealgramWithHistory);
        writer.WriteRounded("top1_with_realgram_with_history", report.Top1WithRealgramWithHistory);
        writer.WriteNumber("fixed_by_realgram", report.FixedByRealgram);
        writer.WriteNumber("broken_by_realgram", report.BrokenByRealgram);
        writer.WriteNumber("unknown_answers", report.UnknownAnswers);
        writer.WriteEndObject();
    }
}
