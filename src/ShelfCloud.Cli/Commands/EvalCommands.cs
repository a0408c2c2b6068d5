using System.CommandLine;
using System.Globalization;
using ShelfCloud.Cli.Recognition;
using ShelfCloud.Vision.Imaging;
using ShelfCloud.Vision.Inference;
using ShelfCloud.Vision.Recognition;
using ShelfCloud.Vision.Tooling.Datasets;
using ShelfCloud.Vision.Tooling.Evaluation;
using ShelfCloud.Vision.Tooling.Recognition;

namespace ShelfCloud.Cli.Commands;

/// <summary><c>eval retrieval</c> and <c>eval detection</c>: model quality on labelled folders, as JSON and printed figures.</summary>
internal static class EvalCommands
{
    /// <summary>
    /// Ultralytics validates with a near-zero confidence threshold: mAP integrates the whole precision/recall
    /// curve, which a deployment threshold (0.25) would cut short.
    /// </summary>
    private const float EvaluationConfidenceThreshold = 0.001f;

    public static Command Create(CliContext cli) => new("eval", "Evaluate models on labelled data.")
    {
        Retrieval(cli),
        Detection(cli),
        EvalRealgramCommand.Create(cli),
        EvalQualityCommand.Create(cli),
        EvalInboxCommand.Create(cli),
        Rows(cli),
    };

    private static Command Retrieval(CliContext cli)
    {
        var gallery = new Option<string>("--gallery") { Description = "ImageFolder of reference images (class = parent folder name)", Required = true };
        var queries = new Option<string>("--queries") { Description = "ImageFolder of query images, classes named like the gallery's", Required = true };
        var embedder = new Option<string?>("--embedder") { Description = "ONNX embedder (default: Models:Embedder)" };
        var json = new Option<string>("--json") { Description = "JSON file for the figures", Required = true };
        var unknown = new Option<string?>("--unknown")
        {
            Description = "ImageFolder of products absent from the gallery: adds unknown_auroc, unknown_rejected and known_accepted",
        };
        var unknownThreshold = new Option<float?>("--unknown-threshold")
        {
            Description = "Open-set operating point (best similarity below it = unknown); default: the embedder card's, else 95 % of known queries kept",
        };
        var command = new Command("retrieval", "Top-1/top-5 accuracy of naming each query's class by its best per-class similarity to the gallery.")
        {
            gallery, queries, embedder, json, unknown, unknownThreshold,
        };
        command.SetAction((parse, ct) => CommandGuard.RunAsync(cli, async () =>
        {
            var galleryFolder = CommandPaths.ExistingFolder(parse.GetValue(gallery), "--gallery");
            var queryFolder = CommandPaths.ExistingFolder(parse.GetValue(queries), "--queries");
            var jsonPath = CommandPaths.OutputFile(parse.GetValue(json), "--json");
            var queryFiles = CommandPaths.Images(queryFolder, "--queries");
            var unknownFiles = parse.GetValue(unknown) is { } unknownPath
                ? CommandPaths.Images(CommandPaths.ExistingFolder(unknownPath, "--unknown"), "--unknown")
                : null;
            var threshold = parse.GetValue(unknownThreshold);
            if (threshold is < -1 or > 1)
            {
                throw new CommandInputException("--unknown-threshold must be a cosine similarity between -1 and 1.");
            }

            using var host = cli.BuildHost();
            using var model = new CommandModels(host.Services).Embedder(parse.GetValue(embedder));
            var skipped = new SkippedImages(cli);
            using var loaded = await LoadedGallery.LoadAsync(cli, model, galleryFolder, skipped, ct);

            var evaluator = new RetrievalEvaluator(loaded.Gallery);
            await EmbedEachAsync(cli, "Querying", model, queryFiles, skipped, query => evaluator.AddAsync(query.Image.ClassName, query.Vector!, ct), ct);
            if (unknownFiles is not null)
            {
                await EmbedEachAsync(cli, "Unknown products", model, unknownFiles, skipped, query => evaluator.AddUnknownAsync(query.Vector!, ct), ct);
            }

            var (operatingPoint, source) = OperatingPoint(threshold, model.Card);
            var report = evaluator.Report(operatingPoint, source);
            skipped.RequireSome(report.Queries, "--queries");
            if (unknownFiles is not null && report.OpenSet is null)
            {
                throw new CommandInputException("--unknown: none of its images could be embedded.");
            }

            JsonFile.Write(jsonPath, writer => WriteRetrieval(writer, report));
            var openSet = report.OpenSet is { } o
                ? string.Create(CultureInfo.InvariantCulture,
                    $" unknown_auroc={o.Auroc:F4} unknown_rejected={o.UnknownRejected:F4} known_accepted={o.KnownAccepted:F4} threshold={o.Threshold:F4} ({o.ThresholdSource})")
                : "";
            cli.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"top1={report.Top1:F4} top5={report.Top5:F4} queries={report.Queries} gallery={report.Gallery} classes={report.Classes}{openSet}{skipped.Summary}"));
            return 0;
        }));
        return command;
    }

    private static Command Detection(CliContext cli)
    {
        var options = new LabelledImagesOptions(
            "Folder of images, read recursively", "YOLO labels: <labels>/<same sub-folders>/<stem>.txt with 'class cx cy w h' (normalised)");
        var command = options.AddTo(new Command(
            "detection",
            "COCO-style mAP50 and mAP50-95 (101-point AP). A single-class detector is scored class-agnostically (every label is a product box); " +
            "a detector with more classes is scored per class and averaged over the classes that have labels. An image without a label file has no boxes."));
        command.SetAction((parse, ct) => CommandGuard.RunAsync(cli, async () =>
        {
            var (files, labelFolder, jsonPath, detector) = options.Resolve(parse);
            using var host = cli.BuildHost();
            using var model = new CommandModels(host.Services).Detector(detector, EvaluationConfidenceThreshold);

            var evaluator = new DetectionEvaluator(classAgnostic: model.Card.ClassNames.Length <= 1);
            var skipped = new SkippedImages(cli);
            var decoder = new ImageDecoder();
            await CommandProgress.RunAsync(cli, "Detecting", files.Count, async advance =>
            {
                foreach (var chunk in files.Chunk(8))
                {
                    var decoded = new List<(LabelledImage File, DecodedImage Image)>();
                    try
                    {
                        foreach (var file in chunk)
                        {
                            try
                            {
                                decoded.Add((file, decoder.Decode(await File.ReadAllBytesAsync(file.Path, ct))));
                            }
                            catch (Exception error) when (error is ImageRejectedException or IOException)
                            {
                                skipped.Add(file.Path, error.Message);
                            }
                        }

                        var detections = model.Detect(decoded.Select(entry => entry.Image.Bitmap).ToList()).Images;
                        for (var i = 0; i < decoded.Count; i++)
                        {
                            var (file, image) = decoded[i];
                            evaluator.Add(await ReadLabelsAsync(file, labelFolder, image, ct), detections[i]);
                        }
                    }
                    finally
                    {
                        foreach (var (_, image) in decoded)
                        {
                            image.Dispose();
                        }
                    }

                    advance(chunk.Length);
                }

                return 0;
            });

            var report = evaluator.Compute();
            skipped.RequireSome(report.Images, "--images");
            JsonFile.Write(jsonPath, writer =>
            {
                writer.WriteStartObject();
                writer.WriteRounded("map50", report.Map50);
                writer.WriteRounded("map50_95", report.Map50To95);
                writer.WriteNumber("images", report.Images);
                writer.WriteNumber("boxes", report.Boxes);
                writer.WriteEndObject();
            });
            cli.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"map50={report.Map50:F4} map50_95={report.Map50To95:F4} images={report.Images} boxes={report.Boxes}{skipped.Summary}"));
            return 0;
        }));
        return command;
    }

    private static Command Rows(CliContext cli)
    {
        var options = new LabelledImagesOptions(
            "Folder of shelf photos, read recursively", "YOLO labels of shelf rows: <labels>/<same sub-folders>/<stem>.txt, any class");
        var command = options.AddTo(new Command(
            "rows",
            "Share of labelled shelf rows that the shelf-row analysis recovers from detected products (vertical IoU >= 0.5, half the width " +
            "covered), at the product's detection settings. Rows found without a label are not held against it."));
        command.SetAction((parse, ct) => CommandGuard.RunAsync(cli, async () =>
        {
            var (files, labelFolder, jsonPath, detector) = options.Resolve(parse);
            using var host = cli.BuildHost();
            using var model = new CommandModels(host.Services).Detector(detector);
            var evaluator = new ShelfRowEvaluator();
            var skipped = new SkippedImages(cli);
            var decoder = new ImageDecoder();
            await CommandProgress.RunAsync(cli, "Finding shelf rows", files.Count, async advance =>
            {
                foreach (var file in files)
                {
                    try
                    {
                        using var image = decoder.Decode(await File.ReadAllBytesAsync(file.Path, ct));
                        var products = model.Detect([image.Bitmap]).Images[0].Where(d => d.ClassId == 0).Select(d => d.Box).ToList();
                        var rows = (await ReadLabelsAsync(file, labelFolder, image, ct)).Select(label => label.Box).ToList();
                        evaluator.Add(rows, products);
                    }
                    catch (Exception error) when (error is ImageRejectedException or IOException)
                    {
                        skipped.Add(file.Path, error.Message);
                    }

                    advance(1);
                }

                return 0;
            });

            var report = evaluator.Report();
            skipped.RequireSome(report.Images, "--images");
            JsonFile.Write(jsonPath, writer =>
            {
                writer.WriteStartObject();
                writer.WriteNumber("images", report.Images);
                writer.WriteNumber("labelled_rows", report.LabelledRows);
                writer.WriteNumber("recovered_rows", report.RecoveredRows);
                writer.WriteRounded("recovered", report.Recovered);
                writer.WriteRounded("rows_found_per_image", report.RowsFoundPerImage);
                writer.WriteRounded("products_per_image", report.ProductsPerImage);
                writer.WriteEndObject();
            });
            cli.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"recovered={report.Recovered:F4} ({report.RecoveredRows} of {report.LabelledRows} labelled rows) images={report.Images} " +
                $"rows_found_per_image={report.RowsFoundPerImage:F1} products_per_image={report.ProductsPerImage:F1}{skipped.Summary}"));
            return 0;
        }));
        return command;
    }

    private static async Task<IReadOnlyList<LabelledBox>> ReadLabelsAsync(LabelledImage file, string labelFolder, DecodedImage image, CancellationToken ct)
    {
        var path = YoloLabelReader.LabelPathFor(file, labelFolder);
        return File.Exists(path)
            ? YoloLabelReader.Parse(await File.ReadAllTextAsync(path, ct), image.Width, image.Height, path)
            : [];
    }

    /// <summary>Embeds each image with progress; unreadable ones are skipped (and reported), the others handed to <paramref name="add"/>.</summary>
    private static Task<int> EmbedEachAsync(
        CliContext cli, string description, OnnxEmbedder model, IReadOnlyList<LabelledImage> files, SkippedImages skipped,
        Func<EmbeddedImage, Task> add, CancellationToken ct) =>
        CommandProgress.RunAsync(cli, description, files.Count, async advance =>
        {
            foreach (var query in new ImageFileEmbedder(model).Embed(files, ct))
            {
                if (query.Vector is null)
                {
                    skipped.Add(query.Image.Path, query.Error);
                }
                else
                {
                    await add(query);
                }

                advance(1);
            }

            return 0;
        });

    /// <summary>The open-set threshold to report at: the option, else the embedder card's, else none (the evaluator calibrates).</summary>
    private static (float? Threshold, string Source) OperatingPoint(float? option, ModelCard card)
    {
        if (option is { } given)
            return (given, "option");
        return card.UnknownThreshold is { } fromCard ? (fromCard, "embedder card") : (null, "");
    }

        private static void WriteRetrieval(System.Text.Json.Utf8JsonWriter writer, RetrievalReport report)
    {
        writer.WriteStartObject();
        writer.WriteRounded("top1", report.Top1);
        writer.WriteRounded("top5", report.Top5);
        writer.WriteNumber("queries", report.Queries);
        writer.WriteNumber("gallery", report.Gallery);
        writer.WriteNumber("classes", report.Classes);
        if (report.OpenSet is { } openSet)
        {
            writer.WriteRounded("unknown_auroc", openSet.Auroc);
            writer.WriteRounded("unknown_rejected", openSet.UnknownRejected);
            writer.WriteRounded("known_accepted", openSet.KnownAccepted);
            writer.WriteRounded("unknown_threshold", openSet.Threshold);
            writer.WriteString("unknown_threshold_source", openSet.ThresholdSource);
            writer.WriteNumber("unknown_queries", openSet.UnknownQueries);
        }

        writer.WriteStartObject("per_class");
        foreach (var (className, figures) in report.PerClass)
        {
            writer.WriteStartObject(className);
            writer.WriteRounded("top1", figures.Top1);
            writer.WriteNumber("queries", figures.Queries);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
