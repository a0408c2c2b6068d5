using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using ShelfCloud.Domain.Models;

namespace ShelfCloud.Vision.Inference;

/// <summary>
/// An ONNX session with one image input and one used output, its card, and the time spent inside
/// <see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string})"/>.
/// Shared plumbing of <see cref="OnnxDetector"/> and <see cref="OnnxEmbedder"/>.
/// </summary>
internal sealed class OnnxModel : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private long _runTicks;

    private OnnxModel(InferenceSession session, string modelPath, ExecutionProvider provider, ModelKind kind)
    {
        _session = session;
        ModelPath = modelPath;
        Provider = provider;
        var input = session.InputMetadata.First();
        var output = session.OutputMetadata.First();
        _inputNames = [input.Key];
        _outputNames = [output.Key];
        InputShape = input.Value.Dimensions;
        OutputShape = output.Value.Dimensions;
        InputIsFloatTensor = input.Value.IsTensor && input.Value.ElementDataType == TensorElementType.Float;
        OutputIsFloatTensor = output.Value.IsTensor && output.Value.ElementDataType == TensorElementType.Float;
        Card = ModelCardReader.Read(session, modelPath, kind);
    }

    public string ModelPath { get; }

    public string FileName => Path.GetFileName(ModelPath);

    public ExecutionProvider Provider { get; }

    public ModelCard Card { get; }

    /// <summary>The first input's shape; -1 marks a dynamic dimension.</summary>
    public int[] InputShape { get; }

    /// <summary>The first output's shape; -1 marks a dynamic dimension.</summary>
    public int[] OutputShape { get; }

    public bool InputIsFloatTensor { get; }

    public bool OutputIsFloatTensor { get; }

    /// <summary>The batch size the model was exported with, or null when the batch dimension is dynamic.</summary>
    public int? StaticBatchSize => InputShape.Length > 0 && InputShape[0] > 0 ? InputShape[0] : null;

    public TimeSpan TotalRunTime => TimeSpan.FromTicks(Interlocked.Read(ref _runTicks));

    /// <summary>Opens a model and wraps it with <paramref name="wrap"/>; the session is disposed when wrapping fails (e.g. a wrong shape).</summary>
    public static T OpenAs<T>(string modelPath, SessionOptionsFactory sessionOptionsFactory, ModelKind kind, Func<OnnxModel, T> wrap)
    {
        ArgumentNullException.ThrowIfNull(wrap);
        var model = Open(modelPath, sessionOptionsFactory, kind);
        try
        {
            return wrap(model);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    public static OnnxModel Open(string modelPath, SessionOptionsFactory sessionOptionsFactory, ModelKind kind)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        ArgumentNullException.ThrowIfNull(sessionOptionsFactory);
        if (!File.Exists(modelPath))
        {
            throw new FileNotFoundException($"The {kind} model file was not found.", modelPath);
        }

        InferenceSession session;
        ExecutionProvider provider;
        using (var options = sessionOptionsFactory.Create(out provider))
        {
            session = new InferenceSession(modelPath, options);
        }

        try
        {
            return new OnnxModel(session, modelPath, provider, kind);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Checks the input is float32 [N, 3, H, W] and agrees with the card's input size.
    /// </summary>
    public void ValidateImageInput(string expectedForm)
    {
        var shape = InputShape;
        if (!InputIsFloatTensor || shape.Length != 4 || (shape[1] > 0 && shape[1] != 3))
        {
            throw WrongShape($"its input is {Describe(shape)}; expected a float32 image tensor {expectedForm}");
        }

        if ((shape[2] > 0 && shape[2] != Card.InputHeight) || (shape[3] > 0 && shape[3] != Card.InputWidth))
        {
            throw WrongShape($"its input is {Describe(shape)} but its card says {Card.InputHeight}×{Card.InputWidth} (height×width)");
        }
    }

    public InvalidModelShapeException WrongShape(string problem) =>
        new($"Model '{FileName}' is of the wrong shape for {(Card.Kind == ModelKind.Embedder ? "an embedder" : "a detector")}: {problem}.");

    public static string Describe(IEnumerable<int> shape) => "[" + string.Join(", ", shape.Select(d => d > 0 ? d.ToString() : "?")) + "]";

    public static string Describe(IEnumerable<long> shape) => "[" + string.Join(", ", shape) + "]";

    /// <summary>Runs the model on one input tensor; <paramref name="elapsed"/> is the time spent in Run alone.</summary>
    public IDisposableReadOnlyCollection<OrtValue> Run(OrtValue input, out TimeSpan elapsed)
    {
        using var runOptions = new RunOptions();
        var start = Stopwatch.GetTimestamp();
        var outputs = _session.Run(runOptions, _inputNames, [input], _outputNames);
        elapsed = Stopwatch.GetElapsedTime(start);
        Interlocked.Add(ref _runTicks, elapsed.Ticks);
        return outputs;
    }

    public void Dispose() => _session.Dispose();
}
