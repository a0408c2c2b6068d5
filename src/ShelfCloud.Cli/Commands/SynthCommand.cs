using System.CommandLine;
using ShelfCloud.Cli.Recognition;
using ShelfCloud.Vision.Tooling.Synthetic;

namespace ShelfCloud.Cli.Commands;

/// <summary>
/// <c>synth --out DIR --seed N --shelves N [--skus N] [--days N] [--crops IMAGEFOLDER]</c>: a deterministic synthetic catalog and
/// shelf dataset; with <c>--crops</c> the catalog is the ImageFolder's classes and every facing shows a real photo of its product.
/// </summary>
internal static class SynthCommand
{
    public static Command Create(CliContext cli)
    {
        var output = new Option<string>("--out") { Description = "Folder to write the dataset into", Required = true };
        var seed = new Option<int>("--seed") { Description = "Random seed: the same seed writes the same files", Required = true };
        var shelves = new Option<int>("--shelves") { Description = "Number of shelves", Required = true };
        var skus = new Option<int>("--skus") { Description = "Catalog size", DefaultValueFactory = _ => 60 };
        var days = new Option<int>("--days") { Description = "Render each shelf over N days (3 captures a day: depletion, restocking, moved products)", DefaultValueFactory = _ => 0 };
        var crops = new Option<string?>("--crops")
        {
            Description = "ImageFolder of real product photos: its classes become the SKUs (every tenth kept out of the catalog as an unknown product) and each facing shows one of its photos, a different one at each capture",
        };
        var command = new Command("synth", "Render a synthetic catalog (catalog.csv, packshots/) and shelf photos with YOLO labels (class 0 product, 1 empty facing), metadata and crops.")
        {
            output, seed, shelves, skus, days, crops,
        };
        command.SetAction((parse, ct) => CommandGuard.RunAsync(cli, async () =>
        {
            var cropsFolder = parse.GetValue(crops) is { } folder ? CommandPaths.ExistingFolder(folder, "--crops") : null;
            var options = new SyntheticDatasetOptions(parse.GetValue(output)!, parse.GetValue(seed), parse.GetValue(shelves), parse.GetValue(skus), parse.GetValue(days), cropsFolder);
            if (options.Shelves < 1 || options.Skus < 1 || options.Days < 0)
                throw new CommandInputException("--shelves and --skus must be at least 1, --days at least 0.");
            var total = SyntheticDatasetWriter.ImageCount(options);
            var summary = await CommandProgress.RunAsync(cli, "Rendering shelves", total, advance =>
            {
                var last = 0;
                var progress = new Progress<int>(done =>
                {
                    advance(done - last);
                    last = done;
                });
                return Task.Run(() => Write(options, progress, ct), ct);
            });
            cli.Output.WriteLine($"wrote {summary.Skus} SKUs, {summary.Images} shelf image(s) with {summary.Products} products and {summary.EmptyFacings} empty facings, {summary.Crops} crops into {Path.GetFullPath(options.OutputDirectory)}");
            return 0;
        }));
        return command;
    }

    private static SyntheticDatasetSummary Write(SyntheticDatasetOptions options, IProgress<int> progress, CancellationToken ct)
    {
        try
        {
            return SyntheticDatasetWriter.Write(options, progress, ct);
        }
        catch (InvalidDataException e)
        {
            throw new CommandInputException("--crops: " + e.Message);
        }
    }
}
