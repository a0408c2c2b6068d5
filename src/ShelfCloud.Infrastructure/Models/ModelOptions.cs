namespace ShelfCloud.Infrastructure.Models;

/// <summary>Where the recognition models are: <c>Models:Detector</c>, <c>Models:Embedder</c> and <c>Models:Ranker</c>.</summary>
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

    /// <summary>
    /// The second-level ranker's JSON model (<c>shelfcloud train ranker</c>); default <c>Models/ranker.json</c> beside the
    /// program. Without the file the realgram's order decides (the ranker's fallback).
    /// </summary>
    public string Ranker { get; set; } = DefaultPath("ranker.json");

    /// <summary>The path a default model is copied to by the build.</summary>
    public static string DefaultPath(string fileName) => Path.Combine(AppContext.BaseDirectory, "Models", fileName);
}
