namespace ShelfCloud.Vision.Inference;

/// <summary>Post-processing and batching of <see cref="OnnxDetector"/> (config section "Inference:Detection").</summary>
public sealed class DetectionOptions
{
    /// <summary>Candidates whose best class score is below this are dropped before NMS (Ultralytics' default 0.25).</summary>
    public float ConfidenceThreshold { get; set; } = 0.25f;

    /// <summary>A box overlapping an already kept, higher-scoring box by more than this IoU is suppressed, whatever its class.</summary>
    public float IouThreshold { get; set; } = 0.45f;

    /// <summary>At most this many boxes per image, highest scores first.</summary>
    public int MaxDetections { get; set; } = 300;

    /// <summary>At most this many images per <c>InferenceSession.Run</c> (models exported with a fixed batch size use theirs).</summary>
    public int MaxBatchSize { get; set; } = 8;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ConfidenceThreshold);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ConfidenceThreshold, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(IouThreshold);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(IouThreshold, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDetections, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchSize, 1);
    }
}
