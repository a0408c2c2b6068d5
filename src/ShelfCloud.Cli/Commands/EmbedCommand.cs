using System.CommandLine;
using System.Text.Json;
using ShelfCloud.Cli.Recognition;
using ShelfCloud.Vision.Recognition;
using ShelfCloud.Vision.Tooling.Recognition;

namespace ShelfCloud.Cli.Commands;

/// <summary><c>embed --images DIR --out FILE.jsonl [--embedder PATH]</c>: one <c>{"path","class","vector"}</c> line per image.</summary>
internal static class EmbedCommand
{
    public static Command Create(CliContext cli)
    {
        var images = new Option<string>("--images") { Description = "ImageFolder to embed (class = parent folder name), read recursively", Required = true };
        var output = new Option<string>("--out") { Description = "JSON Lines file to write", Required = true };
        var embedder = new Option<string?>("--embedder") { Description = "ONNX embedder (default: Models:Embedder)" };
        var command = new Command("embed", "Embed every image of a folder whole; writes one JSON line per image: path (relative to --images), class, vector.")
        {
            images, output, embedder,
        };
        command.SetAction((parse, ct) => CommandGuard.RunAsync(cli, async () =>
        {
            var folder = CommandPaths.ExistingFolder(parse.GetValue(images), "--images");
            var outFile = CommandPaths.OutputFile(parse.GetValue(output), "--out");
            var files = CommandPaths.Images(folder, "--images");
            using var host = cli.BuildHost();
            using var model = new CommandModels(host.Services).Embedder(parse.GetValue(embedder));

            var skipped = new SkippedImages(cli);
            var written = await CommandProgress.RunAsync(cli, "Embedding", files.Count, advance =>
            {
                using var stream = File.Create(outFile);
                using var json = new Utf8JsonWriter(stream, JsonFile.Compact);
                var count = 0;
                foreach (var image in new ImageFileEmbedder(model).Embed(files, ct))
                {
                    advance(1);
                    if (image.Vector is null)
                    {
                        skipped.Add(image.Image.Path, image.Error);
                        continue;
                    }

                    WriteLine(json, stream, image);
                    count++;
                }

                return Task.FromResult(count);
            });

            skipped.RequireSome(written, "--images");
            cli.Output.WriteLine($"embedded {written} image(s) ({model.Dimension} dimensions) into {outFile}{skipped.Summary}");
            return 0;
        }));
        return command;
    }

    private static void WriteLine(Utf8JsonWriter json, Stream stream, EmbeddedImage image)
    {
        json.WriteStartObject();
        json.WriteString("path", image.Image.RelativePath);
        json.WriteString("class", image.Image.ClassName);
        json.WriteStartArray("vector");
        foreach (var value in image.Vector!)
        {
            json.WriteNumberValue(value);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        stream.WriteByte((byte)'\n');
        json.Reset();
    }
}
