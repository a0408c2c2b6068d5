namespace ShelfCloud.Vision.Inference;

/// <summary>The embeddings of a batch of crops and the time spent inside ONNX Runtime for them.</summary>
/// <param name="Vectors">One L2-normalised vector per crop, in input order.</param>
/// <param name="InferenceTime">Time spent in <c>InferenceSession.Run</c> only, without pre- and post-processing.</param>
public sealed record EmbeddingBatchResult(IReadOnlyList<float[]> Vectors, TimeSpan InferenceTime);
