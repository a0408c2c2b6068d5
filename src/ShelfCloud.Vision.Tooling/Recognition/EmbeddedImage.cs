using ShelfCloud.Vision.Tooling.Datasets;

namespace ShelfCloud.Vision.Tooling.Recognition;

/// <summary>A dataset image and its embedding, or why it could not be read.</summary>
/// <param name="Image">The file and its class.</param>
/// <param name="Vector">The L2-normalised embedding of the whole image; null when <paramref name="Error"/> is set.</param>
/// <param name="Error">Why the file could not be read or decoded.</param>
public sealed record EmbeddedImage(LabelledImage Image, float[]? Vector, string? Error);
