using ShelfCloud.Vision.Inference;

namespace ShelfCloud.TestSupport;

/// <summary>Paths of the tiny ONNX models in Assets/ (see make_test_models.py beside this file), and how tests load them.</summary>
public static class TestModels
{
    /// <summary>Detector with output [N, 6, 8], 2 classes, 128×128 input, Ultralytics-style metadata.</summary>
    public static string Detector => Asset("detector.onnx");

    /// <summary>The same detector with output [N, 8, 6].</summary>
    public static string DetectorTransposed => Asset("detector_transposed.onnx");

    /// <summary>The transposed detector without any metadata.</summary>
    public static string DetectorBare => Asset("detector_bare.onnx");

    /// <summary>Embedder [N, 3, 32, 32] → [N, 16] with name, version, mean and std in its metadata.</summary>
    public static string Embedder => Asset("embedder.onnx");

    /// <summary>The same embedder without metadata, with embedder_sidecar.json beside it.</summary>
    public static string EmbedderWithSidecar => Asset("embedder_sidecar.onnx");

    /// <summary>A file of Assets/ as copied into the running test project's output.</summary>
    public static string Asset(string name) => Path.Combine(AppContext.BaseDirectory, "Assets", name);

    /// <summary>A CPU session factory that fails the test if it warns.</summary>
    public static SessionOptionsFactory CpuSessions() =>
        new(new InferenceOptions { IntraOpThreads = 1, InterOpThreads = 1 }, message => throw new InvalidOperationException($"Unexpected warning: {message}"));

    /// <summary>Copies a model into a fresh temporary folder, where a test can put a sidecar card beside it.</summary>
    public static string CopyToTemporaryFolder(string modelPath)
    {
        var folder = Directory.CreateTempSubdirectory("shelfcloud-vision-").FullName;
        var copy = Path.Combine(folder, Path.GetFileName(modelPath));
        File.Copy(modelPath, copy);
        return copy;
    }
}
