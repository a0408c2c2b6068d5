namespace ShelfCloud.Vision.Recognition;

/// <summary>
/// Wall-clock time per pipeline stage for one batch, and the part of detect and crop+embed spent inside
/// ONNX Runtime: <c>Total / (DetectorInference + EmbedderInference)</c> is the pipeline's overhead ratio.
/// </summary>
/// <param name="Decode">Reading headers, decoding and making the images upright.</param>
/// <param name="Detect">Letterboxing, detector runs, NMS and mapping boxes back.</param>
/// <param name="CropAndEmbed">Cutting, resizing and embedding the crops.</param>
/// <param name="Search">The one batched vector search.</param>
/// <param name="Fuse">Per-SKU visual scores, realgram look-ups of SKUs outside the top-K, and fusion.</param>
/// <param name="DetectorInference">Time inside the detector's <c>InferenceSession.Run</c> calls.</param>
/// <param name="EmbedderInference">Time inside the embedder's <c>InferenceSession.Run</c> calls.</param>
/// <param name="Total">The whole batch, start to end.</param>
public readonly record struct RecognitionTimings(
    TimeSpan Decode,
    TimeSpan Detect,
    TimeSpan CropAndEmbed,
    TimeSpan Search,
    TimeSpan Fuse,
    TimeSpan DetectorInference,
    TimeSpan EmbedderInference,
    TimeSpan Total)
{
    /// <summary>Time spent in ONNX Runtime for both models.</summary>
    public TimeSpan Inference => DetectorInference + EmbedderInference;
}
