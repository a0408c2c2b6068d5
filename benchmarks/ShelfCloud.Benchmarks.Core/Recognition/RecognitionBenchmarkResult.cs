namespace ShelfCloud.Benchmarks.Core.Recognition;

/// <summary>What <see cref="RecognitionBenchmark"/> measured; each throughput comes with its inference-only baseline.</summary>
/// <param name="PipelineOverheadRatio">Median over runs of end-to-end time / time inside ONNX Runtime, for one shelf photo.</param>
/// <param name="EndToEndMs">Median end-to-end milliseconds for the photo (decode to fused candidates).</param>
/// <param name="InferenceMs">Median milliseconds inside ONNX Runtime for the photo (detector + embedder).</param>
/// <param name="Detections">Products found in the photo.</param>
/// <param name="DetectorImagesPerSecond">Photos per second through <c>OnnxDetector.Detect</c> (letterbox, run, NMS).</param>
/// <param name="DetectorInferenceImagesPerSecond">The same photos per second counting only <c>InferenceSession.Run</c>.</param>
/// <param name="EmbedderCropsPerSecond">Crops per second cut from the photo and embedded as the pipeline does (sample to input size, tensor, run, normalise).</param>
/// <param name="EmbedderInferenceCropsPerSecond">The same crops per second counting only <c>InferenceSession.Run</c>.</param>
public sealed record RecognitionBenchmarkResult(
    double PipelineOverheadRatio,
    double EndToEndMs,
    double InferenceMs,
    int Detections,
    double DetectorImagesPerSecond,
    double DetectorInferenceImagesPerSecond,
    double EmbedderCropsPerSecond,
    double EmbedderInferenceCropsPerSecond);
