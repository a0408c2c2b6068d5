using System.CommandLine;
using System.Globalization;
using ShelfCloud.Cli.Recognition;
using ShelfCloud.Domain.Captures.Quality;
using ShelfCloud.Vision.Imaging;
using ShelfCloud.Vision.Tooling.Evaluation;
using ShelfCloud.Vision.Tooling.Synthetic;
using SkiaSharp;

namespace ShelfCloud.Cli.Commands;

/// <summary>
/// <c>eval quality --data DIR --json FILE [--fault-share F] [--seed N]</c>: the capture quality check on a shelf history
/// (<c>synth --days N</c>) into which faults are injected — blur, darkness, burnt-out light, a covered lens, a moved
/// camera, a repeated frame — into every photo but each camera's first (its commissioning photo), each shelf's photos
/// judged in time order against the camera's own baseline, as recognition does; precision and recall per issue.
/// </summary>
internal static class EvalQualityCommand
{
    public static Command Create(CliContext cli)
    {
        var data = new Option<string>("--data") { Description = "Output folder of `shelfcloud synth --days N`", Required = true };
        var json = new Option<string>("--json") { Description = "JSON file for the figures", Required = true };
        var share = new Option<double>("--fault-share") { Description = "Share of the photos given a fault", DefaultValueFactory = _ => 0.3 };
        var seed = new Option<int>("--seed") { Description = "Which photos get which fault", DefaultValueFactory = _ => 1 };
        var csv = new Option<string?>("--photos-csv") { Description = "Also write one row per photo: fault injected, issues found, figures" };
        var command = new Command("quality", "Precision and recall of the capture quality check on a history with injected faults.")
        {
            data, json, share, seed, csv,
        };
        command.SetAction((parse, ct) => CommandGuard.RunAsync(cli, async () =>
        {
            var folder = CommandPaths.ExistingFolder(parse.GetValue(data), "--data");
            var jsonPath = CommandPaths.OutputFile(parse.GetValue(json), "--json");
            var faultShare = parse.GetValue(share);
            if (faultShare is < 0 or > 1)
                throw new CommandInputException("--fault-share must be between 0 and 1.");
            var photos = EvalRealgramCommand.ReadDataset(folder);
            var random = new Random(parse.GetValue(seed));
            var evaluator = new QualityEvaluator();
            var rows = new List<string> { "image,injected,issues,brightness,contrast,sharpness,overexposed,shift_x,shift_y" };
            await CommandProgress.RunAsync(cli, "Judging photos", photos.Count, advance => Task.Run(() =>
            {
                foreach (var shelf in photos.GroupBy(p => p.Shelf))
                    JudgeShelf(shelf.ToList(), faultShare, random, evaluator, rows, advance, ct);
                return 0;
            }, ct));

            if (parse.GetValue(csv) is { } csvPath)
                await File.WriteAllLinesAsync(CommandPaths.OutputFile(csvPath, "--photos-csv"), rows, ct);
            var report = evaluator.Report();
            JsonFile.Write(jsonPath, writer => Write(writer, report, faultShare));
            var issues = string.Join(", ", report.Issues.Select(i => string.Create(CultureInfo.InvariantCulture, $"{i.Issue} precision={i.Precision:F3} recall={i.Recall:F3}")));
            cli.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{report.Photos} photos, {report.Faulty} faulty: {issues}; clean photos flagged={report.CleanFlagged:F4}, faulty photos passed={report.FaultyPassed:F4}"));
            return 0;
        }));
        return command;
    }

    private static void JudgeShelf(
        IReadOnlyList<SyntheticShelfLabels> history, double faultShare, Random random, QualityEvaluator evaluator, List<string> rows,
        Action<int> advance, CancellationToken ct)
    {
        var baseline = new CameraQualityBaseline();
        SKBitmap? previous = null;
        try
        {
            foreach (var photo in history)
            {
                ct.ThrowIfCancellationRequested();
                using var clean = SKBitmap.Decode(photo.ImagePath) ?? throw new CommandInputException($"{photo.ImagePath}: not a readable image.");
                // A camera is commissioned with a good photo: it becomes the camera's reference view, as at installation.
                var fault = previous is not null && random.NextDouble() < faultShare ? PhotoFaults.All[random.Next(PhotoFaults.All.Length)] : null;
                var shown = fault is null ? clean.Copy() : PhotoFaults.Apply(fault, clean, previous, random);
                var result = CaptureQualityJudge.Judge(PhotoFigureMeter.Measure(shown), baseline);
                evaluator.Add(fault, result);
                rows.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{Path.GetFileName(photo.ImagePath)},{fault},{string.Join(' ', result.Issues)},{result.Brightness:F1},{result.Contrast:F1},{result.Sharpness:F4},{result.Overexposed:F4},{result.ShiftX},{result.ShiftY}"));
                previous?.Dispose();
                previous = shown;
                advance(1);
            }
        }
        finally
        {
            previous?.Dispose();
        }
    }

    private static void Write(System.Text.Json.Utf8JsonWriter writer, QualityReport report, double faultShare)
    {
        writer.WriteStartObject();
        writer.WriteNumber("photos", report.Photos);
        writer.WriteNumber("faulty", report.Faulty);
        writer.WriteRounded("fault_share", faultShare);
        writer.WriteStartObject("issues");
        foreach (var issue in report.Issues)
        {
            writer.WriteStartObject(issue.Issue);
            writer.WriteNumber("injected", issue.Injected);
            writer.WriteNumber("found", issue.Found);
            writer.WriteNumber("right", issue.Right);
            writer.WriteRounded("precision", issue.Precision);
            writer.WriteRounded("recall", issue.Recall);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteRounded("clean_flagged", report.CleanFlagged);
        writer.WriteRounded("faulty_passed", report.FaultyPassed);
        writer.WriteStartArray("not_measured");
        writer.WriteStringValue(CaptureQualityIssue.Occluded);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
