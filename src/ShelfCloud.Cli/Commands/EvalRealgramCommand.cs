using System.CommandLine;
using System.Globalization;
using ShelfCloud.Cli.Recognition;
using ShelfCloud.Domain.Recognition.Tracking;
using ShelfCloud.Domain.Tenancy;
using ShelfCloud.Vision.Recognition;
using ShelfCloud.Vision.Tooling.Datasets;
using ShelfCloud.Vision.Tooling.Evaluation;
using ShelfCloud.Vision.Tooling.Recognition;
using ShelfCloud.Vision.Tooling.Synthetic;

namespace ShelfCloud.Cli.Commands;

/// <summary>
/// <c>eval realgram --data DIR --json FILE [--annotate-every-days N] [--gallery IMAGEFOLDER] [--truth-boxes] [--ranker FILE]</c>:
/// the whole pipeline over a shelf history written by <c>synth --days N</c>, decided every way at once — on looks
/// alone, with the realgram, with the second-level ranker and tracking — against a gallery of the dataset's packshots
/// (one per SKU, cold start) or of <c>--gallery</c>'s photos of the catalog's classes (<see cref="ShelfHistoryReplay"/>).
/// </summary>
internal static class EvalRealgramCommand
{
    public static Command Create(CliContext cli)
    {
        var data = new Option<string>("--data") { Description = "Output folder of `shelfcloud synth --days N` (shelves/, packshots/)", Required = true };
        var json = new Option<string>("--json") { Description = "JSON file for the figures", Required = true };
        var every = new Option<int>("--annotate-every-days") { Description = "Days between two annotated photos of a shelf", DefaultValueFactory = _ => 4 };
        var detector = new Option<string?>("--detector") { Description = "ONNX detector (default: Models:Detector)" };
        var embedder = new Option<string?>("--embedder") { Description = "ONNX embedder (default: Models:Embedder)" };
        var galleryOption = new Option<string?>("--gallery")
        {
            Description = "ImageFolder of reference photos named like the catalog's SKUs (instead of the dataset's packshots); classes outside catalog.csv are left out",
        };
        var truth = new Option<bool>("--truth-boxes") { Description = "Recognise the labelled boxes instead of the detector's (recognition alone)" };
        var rankerOption = new Option<string?>("--ranker") { Description = "Second-level ranker JSON (default: Models:Ranker; the realgram's order when that file is missing)" };
        var command = new Command("realgram", "Top-1 and flicker over a synthetic shelf history: looks alone, realgram, ranker, tracking.")
        {
            data, json, every, detector, embedder, galleryOption, truth, rankerOption,
        };
        command.SetAction((parse, ct) => CommandGuard.RunAsync(cli, async () =>
        {
            var folder = CommandPaths.ExistingFolder(parse.GetValue(data), "--data");
            var jsonPath = CommandPaths.OutputFile(parse.GetValue(json), "--json");
            var annotateEvery = parse.GetValue(every);
            if (annotateEvery < 1)
                throw new CommandInputException("--annotate-every-days must be at least 1.");
            var truthBoxes = parse.GetValue(truth);
            var photos = ReadDataset(folder);
            var references = References(folder, parse.GetValue(galleryOption));

            using var host = cli.BuildHost();
            var models = new CommandModels(host.Services);
            var ranker = models.Ranker(parse.GetValue(rankerOption));
            using var detectorModel = models.Detector(parse.GetValue(detector));
            using var embedderModel = models.Embedder(parse.GetValue(embedder));
            var skipped = new SkippedImages(cli);
            using var gallery = await LoadedGallery.LoadAsync(cli, embedderModel, references.Images, references.Option, skipped, ct);
            var pipeline = new RecognitionPipeline(detectorModel, embedderModel, gallery.Gallery.Index);
            var settings = new RealgramSettings();
            var decisions = new ShelfHistoryDecisions(settings, ranker, ranker?.Model.Tracking ?? TrackingSettings.Default);
            var evaluator = new RealgramEvaluator();
            var replay = new ShelfHistoryReplay(pipeline, gallery.Gallery, settings, annotateEvery, truthBoxes);
            var replayed = await CommandProgress.RunAsync(cli, "Recognising the shelves' history", photos.Count,
                advance => replay.RecognizeAsync(photos, advance, ct));
            replay.Score(replayed, decisions, evaluator);
            var annotated = replay.Annotated;

            var report = evaluator.Report();
            var run = new RunFacts(annotateEvery, annotated, photos.Select(p => p.Shelf).Distinct().Count(), truthBoxes, decisions.RankerVersion, references.Option);
            JsonFile.Write(jsonPath, writer => Write(writer, report, run));
            cli.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"top1 without realgram={report.Top1WithoutRealgram:F4} with realgram={report.Top1WithRealgram:F4} final={report.Top1Final:F4} " +
                $"(tracking off {report.Top1TrackingOff:F4}, ranker off {report.Top1RankerOff:F4}) " +
                $"flicker looks alone={report.FlickerRateLooksAlone:F4} final={report.FlickerRateFinal:F4} as shown={report.FlickerRateFinalAsShown:F4} " +
                $"detection recall={report.DetectionRecall:F4} captures={report.Captures} products={report.Products} annotated={annotated} ranker={run.RankerVersion}"));
            return 0;
        }));
        return command;
    }

    private sealed record RunFacts(int AnnotateEvery, int Annotated, int Shelves, bool TruthBoxes, string RankerVersion, string References);

    internal static IReadOnlyList<SyntheticShelfLabels> ReadDataset(string folder)
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

    /// <summary>The gallery's images: <c>--gallery</c>'s classes that catalog.csv lists (all of them without one), else the packshots.</summary>
    internal static (IReadOnlyList<LabelledImage> Images, string Option) References(string folder, string? galleryFolder)
    {
        if (galleryFolder is null)
            return (Packshots(folder), "--data packshots");
        var images = CommandPaths.Images(CommandPaths.ExistingFolder(galleryFolder, "--gallery"), "--gallery");
        var catalog = CatalogCodes(folder);
        var inCatalog = catalog is null ? images : images.Where(i => catalog.Contains(i.ClassName)).ToList();
        return inCatalog.Count > 0 ? (inCatalog, "--gallery")
            : throw new CommandInputException($"--gallery: none of its classes is a SKU of {Path.Combine(folder, "catalog.csv")}.");
    }

    /// <summary>The codes in the dataset's catalog.csv (first column); null when it has none.</summary>
    private static HashSet<string>? CatalogCodes(string folder)
    {
        var path = Path.Combine(folder, "catalog.csv");
        if (!File.Exists(path))
            return null;
        return File.ReadLines(path).Skip(1).Where(line => line.Length > 0)
            .Select(line => line.Split(',')[0].Trim('"')).ToHashSet(StringComparer.Ordinal);
    }

    private static List<LabelledImage> Packshots(string folder)
    {
        var packshots = Path.Combine(folder, "packshots");
        if (!Directory.Exists(packshots))
            throw new CommandInputException($"--data: '{folder}' has no packshots folder (one reference image per SKU).");
        return Directory.EnumerateFiles(packshots, "*.png").Order(StringComparer.Ordinal)
            .Select(path => new LabelledImage(path, Path.GetFileName(path), Path.GetFileNameWithoutExtension(path))).ToList();
    }

    private static void Write(System.Text.Json.Utf8JsonWriter writer, RealgramReport report, RunFacts run)
    {
        writer.WriteStartObject();
        writer.WriteNumber("shelves", run.Shelves);
        writer.WriteNumber("captures", report.Captures);
        writer.WriteNumber("products", report.Products);
        writer.WriteNumber("annotate_every_days", run.AnnotateEvery);
        writer.WriteNumber("annotated_captures", run.Annotated);
        writer.WriteBoolean("truth_boxes", run.TruthBoxes);
        writer.WriteString("references", run.References);
        writer.WriteString("ranker_version", run.RankerVersion);
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
        writer.WriteRounded("top1_realgram_max_count_merge", report.Top1RealgramMerge);
        writer.WriteRounded("top1_final", report.Top1Final);
        writer.WriteRounded("top1_tracking_off", report.Top1TrackingOff);
        writer.WriteRounded("top1_ranker_off", report.Top1RankerOff);
        writer.WriteRounded("top1_final_with_history", report.Top1FinalWithHistory);
        writer.WriteNumber("consecutive_pairs", report.ConsecutivePairs);
        writer.WriteRounded("flicker_rate_looks_alone", report.FlickerRateLooksAlone);
        writer.WriteRounded("flicker_rate_realgram", report.FlickerRateRealgram);
        writer.WriteRounded("flicker_rate_tracking_off", report.FlickerRateTrackingOff);
        writer.WriteRounded("flicker_rate_final", report.FlickerRateFinal);
        writer.WriteNumber("not_in_catalog_products", report.NotInCatalogProducts);
        writer.WriteRounded("not_in_catalog_unknown_looks_alone", report.NotInCatalogUnknownAlone);
        writer.WriteRounded("not_in_catalog_unknown_final", report.NotInCatalogUnknownFinal);
        writer.WriteRounded("flicker_rate_final_with_history", report.FlickerRateFinalWithHistory);
        writer.WriteRounded("flicker_rate_final_as_shown", report.FlickerRateFinalAsShown);
        writer.WriteRounded("flicker_rate_ranker_off", report.FlickerRateRankerOff);
        writer.WriteStartArray("top1_by_day");
        foreach (var day in report.Top1ByDay)
        {
            writer.WriteStartObject();
            writer.WriteNumber("day", day.Day);
            writer.WriteNumber("products", day.Products);
            writer.WriteRounded("looks_alone", day.LooksAlone);
            writer.WriteRounded("realgram", day.Realgram);
            writer.WriteRounded("final", day.Final);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
