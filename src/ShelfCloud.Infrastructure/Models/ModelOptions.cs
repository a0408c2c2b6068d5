namespace ShelfCloud.Infrastructure.Models;

/// <summary>Where the recognition models are: <c>Models:Detector</c> and <c>Models:Embedder</c>.</summary>
public sealed class ModelOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string Section = "Models";

    /// <summary>The setting that names the detector file.</summary>
    public const string DetectorSetting = Section + ":Detector";

    /// <summary>The setting that names the embedder file.</summary>
    public const string EmbedderSetting = Section + ":Embedder";

    /// <summary>
    /// The YOLO-layout ONNX detector; default <c>Models/detector.onnx</c> beside the program, where the build
    /// copies src/ShelfCloud.Vision/Models/detector.onnx when that file exists.
    /// </summary>
    public string Detector { get; set; } = DefaultPath("detector.onnx");

    /// <summary>The ONNX embedder; default <c>Models/embedder.onnx</c> beside the program (see <see cref="Detector"/>).</summary>
    public string Embedder { get; set; } = DefaultPath("embedder.onnx");

    /// <summary>The path a default model is copied to by the build.</summary>
    public static string DefaultPath(string fileName) => Path.Combine(AppContext.BaseDirectory, "Models", fileName);
}
