using System.Buffers;
using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;
using ShelfCloud.Domain.Models;
using ShelfCloud.Vision.Imaging;
using SkiaSharp;

namespace ShelfCloud.Vision.Inference;

/// <summary>
/// Turns product crops into L2-normalised vectors with an ONNX embedder: crops are resized to the model's
/// input size, normalised with the card's mean/std, run as float32 [N, 3, S, S] batches, and the [N, D]
/// output rows are scaled to unit length. Thread-safe; one instance per model.
/// </summary>
public sealed class OnnxEmbedder : IDisposable
{
    private const string ExpectedInput = "[N, 3, S, S]";

    private readonly OnnxModel _model;
    private readonly int _maxBatchSize;

    private OnnxEmbedder(OnnxModel model, int dimension, int maxBatchSize)
    {
        _model = model;
        Dimension = dimension;
        _maxBatchSize = maxBatchSize;
    }

    /// <summary>What the model expects: input size, mean/std, name, version.</summary>
    public ModelCard Card => _model.Card;

    /// <summary>The length of every vector.</summary>
    public int Dimension { get; }

    /// <summary>The execution provider the session really runs on.</summary>
    public ExecutionProvider ExecutionProvider => _model.Provider;

    /// <summary>All time spent in <c>InferenceSession.Run</c> by this embedder since it was loaded.</summary>
    public TimeSpan TotalInferenceTime => _model.TotalRunTime;

    /// <summary>Loads an embedder and checks its input and output shapes.</summary>
    /// <param name="modelPath">The .onnx file; a sidecar card may sit next to it.</param>
    /// <param name="sessionOptionsFactory">Creates the session options (provider, threads).</param>
    /// <param name="maxBatchSize">At most this many crops per <c>InferenceSession.Run</c> (a model with a fixed batch uses its own).</param>
    /// <exception cref="InvalidModelShapeException">The model is not an image embedder of the expected form.</exception>
    public static OnnxEmbedder Load(string modelPath, SessionOptionsFactory sessionOptionsFactory, int maxBatchSize = 32)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        return OnnxModel.OpenAs(modelPath, sessionOptionsFactory, ModelKind.Embedder,
            model => new OnnxEmbedder(model, ValidatedDimension(model), maxBatchSize));
    }

    private static int ValidatedDimension(OnnxModel model)
    {
        model.ValidateImageInput(ExpectedInput);
        var output = model.OutputShape;
        if (!model.OutputIsFloatTensor || output.Length != 2)
        {
            throw model.WrongShape($"its output is {OnnxModel.Describe(output)}; expected float32 [N, D]");
        }

        var staticDimension = output[1] > 0 ? output[1] : (int?)null;
        if (staticDimension is { } d && model.Card.EmbeddingDimension is { } declared && d != declared)
        {
            throw model.WrongShape($"its output is {OnnxModel.Describe(output)} but its card says the embedding has {declared} values");
        }

        return staticDimension ?? model.Card.EmbeddingDimension
            ?? throw model.WrongShape($"its output is {OnnxModel.Describe(output)} and no card gives the embedding dimension");
    }

    /// <summary>Embeds one crop.</summary>
    public float[] Embed(SKBitmap crop) => Embed([crop]).Vectors[0];

    /// <summary>Embeds many crops in batches of at most the configured size.</summary>
    public EmbeddingBatchResult Embed(IReadOnlyList<SKBitmap> crops)
    {
        ArgumentNullException.ThrowIfNull(crops);
        var vectors = new float[crops.Count][];
        var inferenceTime = TimeSpan.Zero;
        var batchSize = _model.StaticBatchSize ?? _maxBatchSize;
        for (var start = 0; start < crops.Count; start += batchSize)
        {
            var count = Math.Min(batchSize, crops.Count - start);
            inferenceTime += EmbedBatch(crops, start, count, vectors);
        }

        return new EmbeddingBatchResult(vectors, inferenceTime);
    }

    private TimeSpan EmbedBatch(IReadOnlyList<SKBitmap> crops, int start, int count, float[][] vectors)
    {
        var width = Card.InputWidth;
        var height = Card.InputHeight;
        var tensorBatch = _model.StaticBatchSize ?? count;
        var perImage = NchwTensorWriter.ElementsPerImage(width, height);
        var length = tensorBatch * perImage;
        var buffer = ArrayPool<float>.Shared.Rent(length);
        try
        {
            var tensor = buffer.AsSpan(0, length);
            tensor[(count * perImage)..].Clear();
            for (var i = 0; i < count; i++)
            {
                WriteCrop(crops[start + i], tensor, i, width, height);
            }

            using var input = OrtValue.CreateTensorValueFromMemory(
                OrtMemoryInfo.DefaultInstance, buffer.AsMemory(0, length), [tensorBatch, 3, height, width]);
            using var outputs = _model.Run(input, out var elapsed);
            var shape = outputs[0].GetTensorTypeAndShape().Shape;
            if (shape.Length != 2 || shape[0] != tensorBatch || shape[1] != Dimension)
            {
                throw _model.WrongShape($"for a batch of {tensorBatch} it returned {OnnxModel.Describe(shape)}; expected [{tensorBatch}, {Dimension}]");
            }

            var data = outputs[0].GetTensorDataAsSpan<float>();
            for (var i = 0; i < count; i++)
            {
                var vector = data.Slice(i * Dimension, Dimension).ToArray();
                var norm = TensorPrimitives.Norm<float>(vector);
                if (norm > 0)
                {
                    TensorPrimitives.Divide(vector, norm, vector);
                }

                vectors[start + i] = vector;
            }

            return elapsed;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    private void WriteCrop(SKBitmap crop, Span<float> tensor, int index, int width, int height)
    {
        if (crop.Width == width && crop.Height == height && crop.ColorType is SKColorType.Rgba8888 or SKColorType.Bgra8888)
        {
            NchwTensorWriter.WriteBatchItem(crop, tensor, index, Card.Mean.AsSpan(), Card.Std.AsSpan());
            return;
        }

        using var resized = ImageResizer.Resize(crop, width, height);
        NchwTensorWriter.WriteBatchItem(resized, tensor, index, Card.Mean.AsSpan(), Card.Std.AsSpan());
    }

    /// <inheritdoc />
    public void Dispose() => _model.Dispose();
}
