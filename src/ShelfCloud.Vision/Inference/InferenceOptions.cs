namespace ShelfCloud.Vision.Inference;

/// <summary>How ONNX Runtime sessions are created; bound from the configuration section <see cref="SectionName"/>.</summary>
public sealed class InferenceOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Inference";

    /// <summary>The execution provider to ask for; <see cref="Inference.ExecutionProvider.Cuda"/> falls back to CPU when unavailable.</summary>
    public ExecutionProvider ExecutionProvider { get; set; } = ExecutionProvider.Cpu;

    /// <summary>Threads used inside one operator; 0 lets ONNX Runtime choose (one per physical core).</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>Threads used to run independent operators in parallel; 0 lets ONNX Runtime choose.</summary>
    public int InterOpThreads { get; set; }

    /// <summary>The CUDA device index when <see cref="ExecutionProvider"/> is Cuda.</summary>
    public int DeviceId { get; set; }

    /// <summary>Detector thresholds and batch size.</summary>
    public DetectionOptions Detection { get; set; } = new();

    /// <summary>At most this many crops per embedder <c>InferenceSession.Run</c>.</summary>
    public int EmbedderMaxBatchSize { get; set; } = 32;
}
