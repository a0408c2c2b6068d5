using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ShelfCloud.Benchmarks.Core.Recognition;
using ShelfCloud.Benchmarks.Core.Vectors;
using ShelfCloud.Cli.Recognition;
using ShelfCloud.Infrastructure.Recognition;
using ShelfCloud.Infrastructure.Vectors;
using ShelfCloud.Vision.Inference;

namespace ShelfCloud.Cli.Commands;

/// <summary>
/// <c>bench --json FILE [--quick] [--detector PATH] [--embedder PATH]</c>: vector search and recognition figures.
/// The JSON holds exactly the figure keys below plus <c>"models"</c>, which says which models were measured;
/// the in-run baselines are printed beside the figures.
/// </summary>
internal static class BenchCommand
{
    private static readonly VectorSearchBenchmarkSettings QuickVectors = new(Dimension: 256, SmallCount: 2_000, LargeCount: 4_000, Repetitions: 5);
    private static readonly RecognitionBenchmarkSettings QuickRecognition = new(PhotoWidth: 640, PhotoHeight: 360, Repetitions: 2, DetectorBatch: 2, EmbedderCrops: 8);

    public static Command Create(CliContext cli)
    {
        var json = new Option<string>("--json") { Description = "JSON file for the figures", Required = true };
        var quick = new Option<bool>("--quick") { Description = "Small sizes (seconds, for tests); figures are not comparable with a full run" };
        var detector = new Option<string?>("--detector") { Description = "ONNX detector (default: Models:Detector)" };
        var embedder = new Option<string?>("--embedder") { Description = "ONNX embedder (default: Models:Embedder)" };
        var command = new Command("bench", "Measure vector search (100k/1M vectors) and recognition (pipeline overhead, detector and embedder throughput).")
        {
            json, quick, detector, embedder, PortalBenchCommand.Create(cli), AlertBenchCommand.Create(cli),
        };
        command.SetAction((parse, ct) => CommandGuard.RunAsync(cli, async () =>
        {
            var jsonPath = CommandPaths.OutputFile(parse.GetValue(json), "--json");
            var isQuick = parse.GetValue(quick);
            using var host = cli.BuildHost();
            var models = new CommandModels(host.Services);
            using var detectorModel = models.Detector(parse.GetValue(detector));
            using var embedderModel = models.Embedder(parse.GetValue(embedder));

            var (vectors, recognition) = await CommandProgress.RunAsync(cli, "Benchmarking", 4, async advance =>
            {
                var vectorFigures = new VectorSearchBenchmark().Run(isQuick ? QuickVectors : new VectorSearchBenchmarkSettings(), ct);
                advance(1);
                var recognitionFigures = await new RecognitionBenchmark().RunAsync(
                    detectorModel, embedderModel, isQuick ? QuickRecognition : new RecognitionBenchmarkSettings(), _ => advance(1), ct);
                return (vectorFigures, recognitionFigures);
            });

            var used = new[]
            {
                ("detector", models.DetectorPath(parse.GetValue(detector)), parse.GetValue(detector) is null, detectorModel.Card, detectorModel.ExecutionProvider),
                ("embedder", models.EmbedderPath(parse.GetValue(embedder)), parse.GetValue(embedder) is null, embedderModel.Card, embedderModel.ExecutionProvider),
            };
            JsonFile.Write(jsonPath, writer => WriteFigures(writer, vectors, recognition, used));
            PrintTable(cli.Output, vectors, recognition, used);
            if (isQuick)
            {
                cli.Output.WriteLine("--quick: small sizes; the figures are not comparable with a full run.");
            }

            return 0;
        }));
        return command;
    }

    private static void WriteFigures(
        Utf8JsonWriter writer,
        IReadOnlyDictionary<string, double> vectors,
        RecognitionBenchmarkResult recognition,
        IEnumerable<(string Role, string Path, bool IsDefault, ModelCard Card, ExecutionProvider Provider)> models)
    {
        writer.WriteStartObject();
        writer.WriteRounded("pipeline_overhead_ratio", recognition.PipelineOverheadRatio);
        foreach (var key in new[] { "search_ms_p50_100k_q1", "search_ms_p50_100k_q64", "search_ms_p99_100k_q64", "simd_speedup", "search_ms_p50_1m_q64", "bytes_per_vector" })
        {
            writer.WriteRounded(key, vectors[key]);
        }

        writer.WriteRounded("detector_images_per_s", recognition.DetectorImagesPerSecond);
        writer.WriteRounded("embedder_crops_per_s", recognition.EmbedderCropsPerSecond);
        writer.WriteStartObject("models");
        foreach (var (role, path, isDefault, card, provider) in models)
        {
            writer.WriteStartObject(role);
            writer.WriteString("path", path);
            writer.WriteBoolean("default", isDefault);
            writer.WriteString("name", card.Name ?? Path.GetFileNameWithoutExtension(path));
            writer.WriteString("input", $"{card.InputWidth}x{card.InputHeight}");
            writer.WriteString("execution_provider", provider.ToString());
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void PrintTable(
        TextWriter output,
        IReadOnlyDictionary<string, double> vectors,
        RecognitionBenchmarkResult recognition,
        IEnumerable<(string Role, string Path, bool IsDefault, ModelCard Card, ExecutionProvider Provider)> models)
    {
        var rows = new (string Figure, double Value, string Baseline)[]
        {
            ("pipeline_overhead_ratio", recognition.PipelineOverheadRatio,
                F($"end-to-end {recognition.EndToEndMs:F2} ms / ONNX Runtime {recognition.InferenceMs:F2} ms, {recognition.Detections} products")),
            ("search_ms_p50_100k_q1", vectors["search_ms_p50_100k_q1"], ""),
            ("search_ms_p50_100k_q64", vectors["search_ms_p50_100k_q64"], F($"{vectors["search_ms_p50_100k_q64"] / 64:F3} ms per query")),
            ("search_ms_p99_100k_q64", vectors["search_ms_p99_100k_q64"], ""),
            ("simd_speedup", vectors["simd_speedup"], "baseline: scalar loop, one thread, same data"),
            ("search_ms_p50_1m_q64", vectors["search_ms_p50_1m_q64"], ""),
            ("bytes_per_vector", vectors["bytes_per_vector"], "float32 alone: 4 bytes × dimension"),
            ("detector_images_per_s", recognition.DetectorImagesPerSecond, F($"baseline: {recognition.DetectorInferenceImagesPerSecond:F1}/s counting only ONNX Runtime")),
            ("embedder_crops_per_s", recognition.EmbedderCropsPerSecond, F($"baseline: {recognition.EmbedderInferenceCropsPerSecond:F1}/s counting only ONNX Runtime")),
        };
        foreach (var (figure, value, baseline) in rows)
        {
            output.WriteLine(F($"{figure,-26} {value,12:F3}  {baseline}"));
        }

        foreach (var (role, path, isDefault, card, provider) in models)
        {
            output.WriteLine(F($"{role}: {path} ({(isDefault ? "default" : "given")}, {card.Name ?? "unnamed"}, {card.InputWidth}x{card.InputHeight}, {provider})"));
        }
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
