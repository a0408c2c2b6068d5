namespace ShelfCloud.Vision.Inference;

/// <summary>
/// The ONNX model's inputs or outputs do not have the form ShelfCloud needs (for example an embedder given
/// where a detector is expected, or an output whose size does not match the class names).
/// </summary>
public sealed class InvalidModelShapeException(string message) : Exception(message);
