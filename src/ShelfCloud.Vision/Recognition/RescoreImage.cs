using ShelfCloud.Domain.Captures;
using ShelfCloud.Vision.Inference;

namespace ShelfCloud.Vision.Recognition;

/// <summary>A crop found and embedded earlier: its box, the detector's score and class, its vector (null: none kept).</summary>
public sealed record RescoreCrop(BoundingBox Box, float DetectorScore, int ClassId, float[]? Vector)
{
    internal DetectedObject AsDetected() => new(Box, DetectorScore, ClassId);
}

/// <summary>An image's crops to score again, with the shelf's annotations as of when it was taken (null: none).</summary>
public sealed record RescoreImage(IReadOnlyList<RescoreCrop> Crops, ShelfContext? Shelf);
