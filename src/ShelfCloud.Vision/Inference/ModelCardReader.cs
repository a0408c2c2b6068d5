using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using ShelfCloud.Domain.Models;

namespace ShelfCloud.Vision.Inference;

/// <summary>
/// Builds a <see cref="ModelCard"/> from, in order of precedence: a sidecar JSON file next to the model
/// (<c>model.onnx</c> → <c>model.json</c>), the model's ONNX metadata_props, the model's input and output
/// shapes, and defaults (detector 640×640, mean 0 / std 1; embedder 224×224 with ImageNet mean/std).
/// </summary>
/// <remarks>
/// Recognised keys (case, '_' and '-' ignored): <c>name</c>, <c>version</c>, <c>imgsz</c> (<c>640</c> or <c>[h, w]</c>),
/// <c>mean</c> and <c>std</c> (one number or three, RGB, 0..1 scale), <c>names</c> (a dict of id to name such as
/// Ultralytics' <c>{0: 'product', 1: 'empty'}</c>, or a list), <c>embedding_dim</c>, <c>unknown_threshold</c> (an
/// embedder's calibrated open-set threshold, a cosine similarity in -1..1). A sidecar key overrides the same
/// metadata key; other keys are ignored.
/// </remarks>
public static class ModelCardReader
{
    private const int DefaultDetectorSize = 640;
    private const int DefaultEmbedderSize = 224;

    /// <summary>The sidecar card path for a model: the model path with a <c>.json</c> extension.</summary>
    public static string SidecarPathFor(string modelPath) => Path.ChangeExtension(modelPath, ".json");

    /// <summary>Reads the card of a loaded model, including its sidecar JSON when one exists.</summary>
    public static ModelCard Read(InferenceSession session, string modelPath, ModelKind kind)
    {
        ArgumentNullException.ThrowIfNull(session);
        var sidecarPath = SidecarPathFor(modelPath);
        var sidecarJson = File.Exists(sidecarPath) ? File.ReadAllText(sidecarPath) : null;
        return Read(
            session.ModelMetadata.CustomMetadataMap,
            sidecarJson,
            session.InputMetadata.Values.First().Dimensions,
            session.OutputMetadata.Values.First().Dimensions,
            kind);
    }

    /// <summary>Builds a card from raw sources; shapes use -1 (or 0) for dynamic dimensions.</summary>
    /// <exception cref="InvalidDataException">A key's value cannot be understood.</exception>
    public static ModelCard Read(
        IReadOnlyDictionary<string, string> metadata,
        string? sidecarJson,
        IReadOnlyList<int> inputShape,
        IReadOnlyList<int> outputShape,
        ModelKind kind)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(inputShape);
        ArgumentNullException.ThrowIfNull(outputShape);

        var values = new Dictionary<string, (string Value, string Source)>();
        foreach (var (key, value) in metadata)
        {
            values[NormaliseKey(key)] = (value, $"metadata key '{key}'");
        }

        if (sidecarJson is not null)
        {
            foreach (var (key, value) in ReadSidecar(sidecarJson))
            {
                values[NormaliseKey(key)] = (value, $"sidecar key '{key}'");
            }
        }

        var (width, height) = values.TryGetValue("imgsz", out var imgsz) || values.TryGetValue("inputsize", out imgsz)
            ? ParseInputSize(imgsz.Value, imgsz.Source)
            : StaticSpatialSize(inputShape) ?? DefaultSize(kind);

        var isEmbedder = kind == ModelKind.Embedder;
        return new ModelCard
        {
            Kind = kind,
            Name = values.TryGetValue("name", out var name) ? name.Value : null,
            Version = values.TryGetValue("version", out var version) ? version.Value : null,
            InputWidth = width,
            InputHeight = height,
            Mean = values.TryGetValue("mean", out var mean)
                ? ParseChannels(mean.Value, mean.Source)
                : isEmbedder ? ModelCard.ImageNetMean : [0f, 0f, 0f],
            Std = values.TryGetValue("std", out var std)
                ? ParseStd(std.Value, std.Source)
                : isEmbedder ? ModelCard.ImageNetStd : [1f, 1f, 1f],
            ClassNames = values.TryGetValue("names", out var names) ? ParseNames(names.Value, names.Source) : [],
            EmbeddingDimension = values.TryGetValue("embeddingdim", out var dim) || values.TryGetValue("embeddingdimension", out dim)
                ? ParsePositiveInt(dim.Value, dim.Source)
                : isEmbedder && outputShape.Count == 2 && outputShape[1] > 0 ? outputShape[1] : null,
            UnknownThreshold = values.TryGetValue("unknownthreshold", out var threshold)
                ? ParseSimilarity(threshold.Value, threshold.Source)
                : null,
        };
    }

    private static string NormaliseKey(string key) =>
        key.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();

    private static IEnumerable<(string Key, string Value)> ReadSidecar(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The model card sidecar is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException("The model card sidecar must be a JSON object.");
            }

            // Materialised before the document is disposed; strings unquoted, everything else as JSON text for the literal parser.
            return document.RootElement.EnumerateObject()
                .Select(p => (p.Name, p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText()))
                .ToList();
        }
    }

    private static (int Width, int Height)? StaticSpatialSize(IReadOnlyList<int> inputShape) =>
        inputShape.Count == 4 && inputShape[2] > 0 && inputShape[3] > 0 ? (inputShape[3], inputShape[2]) : null;

    private static (int Width, int Height) DefaultSize(ModelKind kind) => kind == ModelKind.Embedder
        ? (DefaultEmbedderSize, DefaultEmbedderSize)
        : (DefaultDetectorSize, DefaultDetectorSize);

    private static (int Width, int Height) ParseInputSize(string text, string source)
    {
        var numbers = ParseNumbers(text, source);
        return numbers.Count switch
        {
            1 => (ToPositiveInt(numbers[0], source), ToPositiveInt(numbers[0], source)),
            // Ultralytics order: [height, width].
            2 => (ToPositiveInt(numbers[1], source), ToPositiveInt(numbers[0], source)),
            _ => throw Invalid(source, text, "expected a size or [height, width]"),
        };
    }

    private static ImmutableArray<float> ParseChannels(string text, string source)
    {
        var numbers = ParseNumbers(text, source);
        return numbers.Count switch
        {
            1 => [(float)numbers[0], (float)numbers[0], (float)numbers[0]],
            3 => [(float)numbers[0], (float)numbers[1], (float)numbers[2]],
            _ => throw Invalid(source, text, "expected one value or three (R, G, B)"),
        };
    }

    private static ImmutableArray<float> ParseStd(string text, string source)
    {
        var std = ParseChannels(text, source);
        return std.Any(s => s <= 0) ? throw Invalid(source, text, "std values must be positive") : std;
    }

    private static ImmutableArray<string> ParseNames(string text, string source)
    {
        switch (ParseLiteral(text, source))
        {
            case List<object?> list:
                return [.. list.Select(item => Convert.ToString(item, CultureInfo.InvariantCulture) ?? "")];
            case List<KeyValuePair<object?, object?>> dictionary:
                var byId = new SortedDictionary<int, string>();
                foreach (var (key, value) in dictionary)
                {
                    var id = key switch
                    {
                        double d when d >= 0 && d == Math.Floor(d) => (int)d,
                        string s when int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) => parsed,
                        _ => throw Invalid(source, text, "class ids must be non-negative integers"),
                    };
                    byId[id] = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
                }

                var count = byId.Count == 0 ? 0 : byId.Keys.Max() + 1;
                // Missing ids keep a placeholder name so an id indexes its name directly.
                return [.. Enumerable.Range(0, count).Select(i => byId.TryGetValue(i, out var n) ? n : i.ToString(CultureInfo.InvariantCulture))];
            default:
                throw Invalid(source, text, "expected a dict of id to name or a list of names");
        }
    }

    private static int ParsePositiveInt(string text, string source)
    {
        var numbers = ParseNumbers(text, source);
        return numbers.Count == 1 ? ToPositiveInt(numbers[0], source) : throw Invalid(source, text, "expected one positive integer");
    }

    private static float ParseSimilarity(string text, string source) =>
        ParseLiteral(text, source) is double number && number is >= -1 and <= 1
            ? (float)number
            : throw Invalid(source, text, "expected one cosine similarity between -1 and 1");

    private static List<double> ParseNumbers(string text, string source) => ParseLiteral(text, source) switch
    {
        double number => [number],
        List<object?> list when list.All(item => item is double) => list.Cast<double>().ToList(),
        _ => throw Invalid(source, text, "expected a number or a list of numbers"),
    };

    private static int ToPositiveInt(double value, string source) =>
        value >= 1 && value <= int.MaxValue && value == Math.Floor(value)
            ? (int)value
            : throw Invalid(source, value.ToString(CultureInfo.InvariantCulture), "expected a positive integer");

    private static object? ParseLiteral(string text, string source)
    {
        try
        {
            return MetadataLiteral.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new InvalidDataException($"Model card {source} cannot be parsed: {ex.Message}", ex);
        }
    }

    private static InvalidDataException Invalid(string source, string text, string problem) =>
        new($"Model card {source} has the value '{text}': {problem}.");
}
