namespace ShelfCloud.Vision.Inference;

/// <summary>Where ONNX Runtime runs the models.</summary>
public enum ExecutionProvider
{
    /// <summary>The CPU provider, always available.</summary>
    Cpu,

    /// <summary>The CUDA provider; needs the GPU build of ONNX Runtime and a driver, otherwise falls back to CPU.</summary>
    Cuda,
}
