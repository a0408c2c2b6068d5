using System.Buffers;
using Microsoft.ML.OnnxRuntime;
using ShelfCloud.Domain.Models;
using ShelfCloud.Vision.Imaging;
using SkiaSharp;

namespace ShelfCloud.Vision.Inference;

/// <summary>
/// Finds products with a YOLOv8/YOLO11-style ONNX detector: letterboxes images into float32 [N, 3, H, W],
/// reads the [N, 4+C, A] (or transposed [N, A, 4+C]) head, applies the confidence threshold and class-agnostic
/// NMS, and maps boxes back to the original images' pixels. Thread-safe; one instance per model.
/// </summary>
public sealed class OnnxDetector : IDisposable
{
    private const string ExpectedInput = "[N, 3, H, W]";
    private const string ExpectedOutput = "[N, 4+C, A] or [N, A, 4+C] (YOLOv8/YOLO11 export)";

    private readonly OnnxModel _model;
    private readonly DetectionOptions _options;

    private OnnxDetector(OnnxModel model, DetectionOptions options)
    {
        _model = model;
        _options = options;
    }

    /// <summary>What the model expects and its class names.</summary>
    public ModelCard Card => _model.Card;

    /// <summary>The execution provider the session really runs on.</summary>
    public ExecutionProvider ExecutionProvider => _model.Provider;

    /// <summary>All time spent in <c>InferenceSession.Run</c> by this detector since it was loaded.</summary>
    public TimeSpan TotalInferenceTime => _model.TotalRunTime;

    /// <summary>Loads a detector and checks its input and output shapes.</summary>
    /// <exception cref="InvalidModelShapeException">The model is not an image detector of the expected form.</exception>
    public static OnnxDetector Load(string modelPath, SessionOptionsFactory sessionOptionsFactory, DetectionOptions? options = null)
    {
        options ??= new DetectionOptions();
        options.Validate();
        return OnnxModel.OpenAs(modelPath, sessionOptionsFactory, ModelKind.Detector, model =>
        {
            Validate(model);
            return new OnnxDetector(model, options);
        });
    }

    private static void Validate(OnnxModel model)
    {
        model.ValidateImageInput(ExpectedInput);
        var output = model.OutputShape;
        if (!model.OutputIsFloatTensor || output.Length != 3)
        {
            throw model.WrongShape($"its output is {OnnxModel.Describe(output)}; expected float32 {ExpectedOutput}");
        }

        if (output[1] > 0 && output[2] > 0 && ResolveLayout(model, output[1], output[2]) is null)
        {
            throw model.WrongShape(LayoutProblem(model, OnnxModel.Describe(output)));
        }
    }

    /// <summary>Detects objects in one image.</summary>
    public IReadOnlyList<DetectedObject> Detect(SKBitmap image) => Detect([image]).Images[0];

    /// <summary>
    /// Detects objects in many images, running up to <see cref="DetectionOptions.MaxBatchSize"/> images per
    /// <c>InferenceSession.Run</c> (or the model's fixed batch size).
    /// </summary>
    public DetectionBatchResult Detect(IReadOnlyList<SKBitmap> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var results = new IReadOnlyList<DetectedObject>[images.Count];
        var inferenceTime = TimeSpan.Zero;
        var batchSize = _model.StaticBatchSize ?? _options.MaxBatchSize;
        for (var start = 0; start < images.Count; start += batchSize)
        {
            var count = Math.Min(batchSize, images.Count - start);
            inferenceTime += DetectBatch(images, start, count, results);
        }

        return new DetectionBatchResult(results, inferenceTime);
    }

    private TimeSpan DetectBatch(IReadOnlyList<SKBitmap> images, int start, int count, IReadOnlyList<DetectedObject>[] results)
    {
        var width = Card.InputWidth;
        var height = Card.InputHeight;
        // A model exported with a fixed batch gets that many images; the unused slots stay zero.
        var tensorBatch = _model.StaticBatchSize ?? count;
        var perImage = NchwTensorWriter.ElementsPerImage(width, height);
        var length = tensorBatch * perImage;
        var buffer = ArrayPool<float>.Shared.Rent(length);
        try
        {
            var tensor = buffer.AsSpan(0, length);
            tensor[(count * perImage)..].Clear();
            var transforms = new LetterboxTransform[count];
            for (var i = 0; i < count; i++)
            {
                using var letterboxed = Letterboxer.Letterbox(images[start + i], width, height);
                transforms[i] = letterboxed.Transform;
                NchwTensorWriter.WriteBatchItem(letterboxed.Bitmap, tensor, i, Card.Mean.AsSpan(), Card.Std.AsSpan());
            }

            using var input = OrtValue.CreateTensorValueFromMemory(
                OrtMemoryInfo.DefaultInstance, buffer.AsMemory(0, length), [tensorBatch, 3, height, width]);
            using var outputs = _model.Run(input, out var elapsed);
            DecodeOutputs(outputs[0], tensorBatch, transforms, results, start);
            return elapsed;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    private void DecodeOutputs(OrtValue output, int tensorBatch, LetterboxTransform[] transforms, IReadOnlyList<DetectedObject>[] results, int start)
    {
        var shape = output.GetTensorTypeAndShape().Shape;
        if (shape.Length != 3 || shape[0] != tensorBatch)
        {
            throw _model.WrongShape($"for a batch of {tensorBatch} it returned {OnnxModel.Describe(shape)}; expected {ExpectedOutput}");
        }

        var layout = ResolveLayout(_model, shape[1], shape[2])
            ?? throw _model.WrongShape(LayoutProblem(_model, OnnxModel.Describe(shape)));
        var (channels, anchors) = layout == YoloOutputLayout.ChannelsFirst ? ((int)shape[1], (int)shape[2]) : ((int)shape[2], (int)shape[1]);
        var perImage = channels * anchors;
        var data = output.GetTensorDataAsSpan<float>();
        var candidates = new List<DetectedObject>();

        for (var i = 0; i < transforms.Length; i++)
        {
            candidates.Clear();
            YoloOutputDecoder.Decode(data.Slice(i * perImage, perImage), layout, channels, anchors, _options.ConfidenceThreshold, candidates);
            var kept = NonMaximumSuppression.Apply(candidates, _options.IouThreshold, _options.MaxDetections);
            var mapped = new List<DetectedObject>(kept.Count);
            foreach (var detection in kept)
            {
                var box = transforms[i].ToSource(detection.Box);
                if (box.Area > 0)
                {
                    mapped.Add(detection with { Box = box });
                }
            }

            results[start + i] = mapped;
        }
    }

    private static YoloOutputLayout? ResolveLayout(OnnxModel model, long dim1, long dim2) =>
        YoloOutputDecoder.ResolveLayout(dim1, dim2, model.Card.ClassNames.Length > 0 ? model.Card.ClassNames.Length : null);

    private static string LayoutProblem(OnnxModel model, string shape) => model.Card.ClassNames.Length > 0
        ? $"its output is {shape} but {model.Card.ClassNames.Length} class names need 4+{model.Card.ClassNames.Length} = {4 + model.Card.ClassNames.Length} channels in {ExpectedOutput}"
        : $"its output is {shape}; expected {ExpectedOutput} with at least one class";

    /// <inheritdoc />
    public void Dispose() => _model.Dispose();
}
