using System.CommandLine;
using ShelfCloud.Cli.Recognition;
using ShelfCloud.Vision.Inference;
using ShelfCloud.Vision.Recognition;
using ShelfCloud.Vision.Tooling.Datasets;
using ShelfCloud.Vision.Tooling.Recognition;

namespace ShelfCloud.Cli.Commands;

/// <summary>
/// <c>recognize --image FILE --json FILE</c> or <c>recognize --images DIR --out DIR</c>, with optional
/// <c>--detector</c>, <c>--embedder</c> and <c>--gallery</c>: detections, SKU candidates and timings as JSON.
/// </summary>
internal static class RecognizeCommand
{
    public static Command Create(CliContext cli)
    {
        var image = new Option<string?>("--image") { Description = "One image to recognise (with --json)" };
        var json = new Option<string?>("--json") { Description = "JSON file to write for --image" };
        var images = new Option<string?>("--images") { Description = "Folder of images to recognise, read recursively (with --out)" };
        var output = new Option<string?>("--out") { Description = "Folder for one JSON per image (same relative path and stem) for --images" };
        var detector = new Option<string?>("--detector") { Description = "ONNX detector (default: Models:Detector)" };
        var embedder = new Option<string?>("--embedder") { Description = "ONNX embedder for --gallery (default: Models:Embedder)" };
        var gallery = new Option<string?>("--gallery") { Description = "ImageFolder of reference images (class = SKU); without it, detection only" };
        var command = new Command("recognize", "Detect products and, with --gallery, rank their SKUs; boxes are in pixels of the EXIF-oriented image.")
        {
            image, json, images, output, detector, embedder, gallery,
        };
        command.SetAction((parse, ct) => CommandGuard.RunAsync(cli, async () =>
        {
            var inputs = Inputs(parse.GetValue(image), parse.GetValue(json), parse.GetValue(images), parse.GetValue(output));
            var galleryFolder = parse.GetValue(gallery) is { } g ? CommandPaths.ExistingFolder(g, "--gallery") : null;
            using var host = cli.BuildHost();
            var models = new CommandModels(host.Services);
            using var detectorModel = models.Detector(parse.GetValue(detector));
            using var embedderModel = galleryFolder is null ? null : models.Embedder(parse.GetValue(embedder));
            var skipped = new SkippedImages(cli);
            using var loaded = galleryFolder is null ? null : await LoadedGallery.LoadAsync(cli, embedderModel!, galleryFolder, skipped, ct);
            var pipeline = new RecognitionPipeline(detectorModel, embedderModel, loaded?.Gallery.Index);
            var run = new RecognitionRun(cli, pipeline, loaded?.Gallery, detectorModel.Card, skipped);
            return inputs.Single is { } single
                ? await run.OneAsync(single.Image, single.Json, ct)
                : await run.FolderAsync(inputs.Folder!.Value.Images, inputs.Folder.Value.Out, ct);
        }));
        return command;
    }

    private static (SingleInput? Single, (string Images, string Out)? Folder) Inputs(string? image, string? json, string? images, string? output)
    {
        if ((image is null) == (images is null))
        {
            throw new CommandInputException("give either --image FILE with --json FILE, or --images DIR with --out DIR.");
        }

        if (image is not null)
        {
            if (json is null || output is not null)
            {
                throw new CommandInputException("--image needs --json FILE (and no --out).");
            }

            return (new SingleInput(CommandPaths.ExistingFile(image, "--image"), CommandPaths.OutputFile(json, "--json")), null);
        }

        if (output is null || json is not null)
        {
            throw new CommandInputException("--images needs --out DIR (and no --json).");
        }

        return (null, (CommandPaths.ExistingFolder(images, "--images"), Path.GetFullPath(output)));
    }

    private sealed record SingleInput(string Image, string Json);

    /// <summary>Runs the pipeline over the inputs and writes the JSON files.</summary>
    private sealed class RecognitionRun(CliContext cli, RecognitionPipeline pipeline, ImageFolderGallery? gallery, ModelCard detectorCard, SkippedImages skipped)
    {
        // Images per pipeline call: the detector's batch, and with it the crops of these images share embedder batches.
        private const int ImagesPerBatch = 8;

        public async Task<int> OneAsync(string imagePath, string jsonPath, CancellationToken ct)
        {
            var result = await pipeline.RecognizeAsync(Request([new RecognitionImage(imagePath, await File.ReadAllBytesAsync(imagePath, ct))]), ct);
            var recognised = result.Images[0];
            if (recognised.Rejection is { } rejection)
            {
                throw rejection;
            }

            JsonFile.Write(jsonPath, writer => RecognitionJson.Write(writer, recognised, result.Timings, gallery?.Classes));
            cli.Output.WriteLine($"{recognised.Products.Count} product(s) in {Path.GetFileName(imagePath)} → {jsonPath}{Mode}");
            return 0;
        }

        public async Task<int> FolderAsync(string folder, string outFolder, CancellationToken ct)
        {
            var files = CommandPaths.Images(folder, "--images");
            var (recognised, products) = await CommandProgress.RunAsync(cli, "Recognising", files.Count, async advance =>
            {
                var (images, found) = (0, 0);
                foreach (var chunk in files.Chunk(ImagesPerBatch))
                {
                    var batch = await ReadAsync(chunk, ct);
                    var result = await pipeline.RecognizeAsync(Request(batch.Select(entry => entry.Image).ToList()), ct);
                    for (var i = 0; i < batch.Count; i++)
                    {
                        var recognisedImage = result.Images[i];
                        if (recognisedImage.Rejection is { } rejection)
                        {
                            skipped.Add(batch[i].File.Path, rejection.Message);
                            continue;
                        }

                        var jsonPath = Path.Combine(outFolder, Path.ChangeExtension(batch[i].File.RelativePath, ".json"));
                        Directory.CreateDirectory(Path.GetDirectoryName(jsonPath)!);
                        JsonFile.Write(jsonPath, writer => RecognitionJson.Write(writer, recognisedImage, result.Timings, gallery?.Classes));
                        images++;
                        found += recognisedImage.Products.Count;
                    }

                    advance(chunk.Length);
                }

                return (images, found);
            });

            skipped.RequireSome(recognised, "--images");
            cli.Output.WriteLine($"recognised {recognised} image(s), {products} product(s) → {outFolder}{Mode}{skipped.Summary}");
            return 0;
        }

        private string Mode => gallery is null
            ? $" (detection only, classes: {string.Join(", ", detectorCard.ClassNames)})"
            : $" ({gallery.Classes.Count} gallery classes)";

        private RecognitionRequest Request(IReadOnlyList<RecognitionImage> images) =>
            new(images) { SearchFilter = gallery?.Filter };

        private async Task<List<(LabelledImage File, RecognitionImage Image)>> ReadAsync(LabelledImage[] chunk, CancellationToken ct)
        {
            var batch = new List<(LabelledImage, RecognitionImage)>(chunk.Length);
            foreach (var file in chunk)
            {
                try
                {
                    batch.Add((file, new RecognitionImage(file.Path, await File.ReadAllBytesAsync(file.Path, ct))));
                }
                catch (Exception error) when (error is IOException or UnauthorizedAccessException)
                {
                    skipped.Add(file.Path, error.Message);
                }
            }

            return batch;
        }
    }
}
