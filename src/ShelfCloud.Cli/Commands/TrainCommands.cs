using System.CommandLine;
using System.Globalization;
using ShelfCloud.Cli.Recognition;
using ShelfCloud.Domain.Recognition.Ranking;
using ShelfCloud.Domain.Recognition.Tracking;
using ShelfCloud.Domain.Tenancy;
using ShelfCloud.Vision.Recognition;
using ShelfCloud.Vision.Tooling.Evaluation;

namespace ShelfCloud.Cli.Commands;

/// <summary>
/// <c>train ranker --data DIR --gallery IMAGEFOLDER --out FILE</c>: fits the second-level ranker on a shelf history of real
/// product photos (<c>synth --crops</c>), then chooses the tracking settings that go with it on the same history (each half of its shelves scored by a ranker fitted on the other half) —
/// the default model a tenant uses before its own annotators' decisions are enough.
/// </summary>
internal static class TrainCommands
{
    /// <summary>The tracking settings searched: hysteresis margin × evidence decay × how long a track may go unseen × the open-set offset and hysteresis.</summary>
    private static readonly double[] SwitchMargins = [0.6, 1.0];
    private static readonly double[] UnknownOffsets = [0, 0.02, 0.04];
    private static readonly double[] Decays = [0.6, 0.7, 0.85];
    private static readonly int[] MaxMissed = [12];
    private static readonly double[] UnknownHysteresis = [0.02, 0.04];

    /// <summary>
    /// The flicker a store tolerates: one label change in a hundred photos of an unchanged facing, against what the portal
    /// showed before (an annotated photo shows the annotator's SKUs).
    /// </summary>
    private const double FlickerBudget = 0.01;

    /// <summary>Flicker traded for accuracy when no setting is within the budget.</summary>
    private const double FlickerSlack = 0.002;

    public static Command Create(CliContext cli) => new("train", "Train what learns from data without a GPU.")
    {
        Ranker(cli),
    };

    private static Command Ranker(CliContext cli)
    {
        var data = new Option<string>("--data") { Description = "Output folder of `shelfcloud synth --days N --crops IMAGEFOLDER`", Required = true };
        var galleryOption = new Option<string>("--gallery") { Description = "ImageFolder of reference photos of the catalog's SKUs (none of the history's photos)", Required = true };
        var output = new Option<string>("--out") { Description = "The ranker's JSON model file", Required = true };
        var version = new Option<string>("--version") { Description = "Version recorded with every prediction it makes", DefaultValueFactory = _ => "ranker-" + DateTime.UtcNow.ToString("yyyyMMdd", CultureInfo.InvariantCulture) };
        var every = new Option<int>("--annotate-every-days") { Description = "Days between two annotated photos of a shelf", DefaultValueFactory = _ => 4 };
        var truth = new Option<bool>("--truth-boxes") { Description = "Recognise the labelled boxes instead of the detector's" };
        var embedder = new Option<string?>("--embedder") { Description = "ONNX embedder (default: Models:Embedder)" };
        var detector = new Option<string?>("--detector") { Description = "ONNX detector (default: Models:Detector)" };
        var command = new Command("ranker", "Fit the second-level ranker and its tracking settings on a shelf history of real product photos.")
        {
            data, galleryOption, output, version, every, truth, embedder, detector,
        };
        command.SetAction((parse, ct) => CommandGuard.RunAsync(cli, async () =>
        {
            var folder = CommandPaths.ExistingFolder(parse.GetValue(data), "--data");
            var outPath = CommandPaths.OutputFile(parse.GetValue(output), "--out");
            var annotateEvery = parse.GetValue(every);
            if (annotateEvery < 1)
                throw new CommandInputException("--annotate-every-days must be at least 1.");
            var photos = EvalRealgramCommand.ReadDataset(folder);
            var references = EvalRealgramCommand.References(folder, parse.GetValue(galleryOption));

            using var host = cli.BuildHost();
            var models = new CommandModels(host.Services);
            using var detectorModel = models.Detector(parse.GetValue(detector));
            using var embedderModel = models.Embedder(parse.GetValue(embedder));
            using var gallery = await LoadedGallery.LoadAsync(cli, embedderModel, references.Images, references.Option, new SkippedImages(cli), ct);
            var settings = new RealgramSettings();
            var replay = new ShelfHistoryReplay(new RecognitionPipeline(detectorModel, embedderModel, gallery.Gallery.Index), gallery.Gallery, settings, annotateEvery, parse.GetValue(truth));
            var replayed = await CommandProgress.RunAsync(cli, "Recognising the shelves' history", photos.Count, advance => replay.RecognizeAsync(photos, advance, ct));

            RankerModel model;
            IReadOnlyList<(IReadOnlyList<ReplayedPhoto> Photos, ICandidateRanker Ranker)> heldOut;
            try
            {
                var description = $"{Path.GetFileName(Path.GetFullPath(folder))}: {photos.Count} photos, gallery {references.Images.Count} images";
                model = RankerTrainer.Train(Examples(replay, replayed, settings), parse.GetValue(version)!, description);
                heldOut = CrossFitted(replay, replayed, settings, description);
            }
            catch (ArgumentException e)
            {
                throw new CommandInputException("--data: " + e.Message);
            }

            var tracking = ChooseTracking(cli, replay, heldOut, settings);
            model = model with { Tracking = tracking };
            await File.WriteAllTextAsync(outPath, model.ToJson(), ct);
            cli.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ranker {model.Version}: {model.Facings} facings, top1 {model.FallbackTop1:F4} (realgram order) -> {model.TrainTop1:F4}; " +
                $"tracking switch_margin={tracking.SwitchMargin} decay={tracking.Decay} max_missed={tracking.MaxMissedCaptures} unknown_hysteresis={tracking.UnknownHysteresis} unknown_offset={tracking.UnknownOffset}; written to {outPath}"));
            return 0;
        }));
        return command;
    }

    private static IReadOnlyList<RankerExample> Examples(ShelfHistoryReplay replay, IReadOnlyList<ReplayedPhoto> photos, RealgramSettings settings)
    {
        var collecting = new ShelfHistoryDecisions(settings, null, TrackingSettings.Default, collectExamples: true);
        replay.Score(photos, collecting, new RealgramEvaluator());
        return collecting.Examples;
    }

    /// <summary>
    /// The history's shelves in two halves, each with a ranker fitted on the other half: tracking is chosen on photos its
    /// ranker never saw, so the choice is not flattered by a ranker that is surer of its own training photos than it
    /// will be of a store's.
    /// </summary>
    private static IReadOnlyList<(IReadOnlyList<ReplayedPhoto> Photos, ICandidateRanker Ranker)> CrossFitted(
        ShelfHistoryReplay replay, IReadOnlyList<ReplayedPhoto> replayed, RealgramSettings settings, string description)
    {
        var shelves = replayed.Select(p => p.Labels.Shelf).Distinct().ToList();
        if (shelves.Count < 2)
            throw new ArgumentException("train ranker needs a history of at least two shelves (one half fits, the other chooses tracking).");
        var halves = Enumerable.Range(0, 2)
            .Select(h => (IReadOnlyList<ReplayedPhoto>)replayed.Where(p => shelves.IndexOf(p.Labels.Shelf) % 2 == h).ToList()).ToList();
        return halves.Select((half, h) => (half, (ICandidateRanker)new LinearCandidateRanker(
            RankerTrainer.Train(Examples(replay, halves[1 - h], settings), "cross-fit", description)))).ToList();
    }

    /// <summary>
    /// The best overall accuracy within <see cref="FlickerBudget"/> — every facing counts once: a catalog product is right
    /// with its SKU, a product outside the catalog with "unknown" —; when no setting is within it, the best overall
    /// accuracy among the settings within <see cref="FlickerSlack"/> of the least flicker.
    /// </summary>
    private static TrackingSettings ChooseTracking(
        CliContext cli, ShelfHistoryReplay replay, IReadOnlyList<(IReadOnlyList<ReplayedPhoto> Photos, ICandidateRanker Ranker)> heldOut,
        RealgramSettings settings)
    {
        var results = new List<(TrackingSettings Tracking, RealgramReport Report)>();
        var grid = from margin in SwitchMargins from decay in Decays from missed in MaxMissed from hysteresis in UnknownHysteresis from offset in UnknownOffsets
            select (margin, decay, missed, hysteresis, offset);
        foreach (var (margin, decay, missed, hysteresis, offset) in grid)
        {
            var tracking = TrackingSettings.Default with
            {
                SwitchMargin = margin, Decay = decay, MaxMissedCaptures = missed, UnknownHysteresis = hysteresis, UnknownOffset = offset,
            };
            var evaluator = new RealgramEvaluator();
            foreach (var (photos, ranker) in heldOut)
                replay.Score(photos, new ShelfHistoryDecisions(settings, ranker, tracking), evaluator);
            var report = evaluator.Report();
            results.Add((tracking, report));
            cli.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"tracking switch_margin={margin} decay={decay} max_missed={missed} unknown_hysteresis={hysteresis} unknown_offset={offset}: " +
                $"top1_final={report.Top1Final:F4} flicker_rate_final={report.FlickerRateFinal:F4} as_shown={report.FlickerRateFinalAsShown:F4} " +
                $"not_in_catalog_unknown_final={report.NotInCatalogUnknownFinal:F4} overall={Overall(report):F4}"));
        }

        var withinBudget = results.Where(r => r.Report.FlickerRateFinalAsShown <= FlickerBudget).ToList();
        if (withinBudget.Count > 0)
            return withinBudget.MaxBy(r => Overall(r.Report)).Tracking;
        var least = results.Min(r => r.Report.FlickerRateFinalAsShown);
        return results.Where(r => r.Report.FlickerRateFinalAsShown <= least + FlickerSlack).MaxBy(r => Overall(r.Report)).Tracking;
    }

    /// <summary>Share of all labelled facings answered right, a product outside the catalog being right when answered unknown.</summary>
    private static double Overall(RealgramReport report)
    {
        var all = report.Products + report.NotInCatalogProducts;
        return all == 0 ? 0 : (report.Top1Final * report.Products + report.NotInCatalogUnknownFinal * report.NotInCatalogProducts) / all;
    }
}
