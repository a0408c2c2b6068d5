namespace ShelfCloud.Vision.Inference;

/// <summary>The detections of a batch of images and the time spent inside ONNX Runtime for them.</summary>
/// <param name="Images">Per input image, in input order, its detections, highest score first.</param>
/// <param name="InferenceTime">Time spent in <c>InferenceSession.Run</c> only, without pre- and post-processing.</param>
public sealed record DetectionBatchResult(IReadOnlyList<IReadOnlyList<DetectedObject>> Images, TimeSpan InferenceTime);
