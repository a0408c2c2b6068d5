using ShelfCloud.Domain.Captures;

namespace ShelfCloud.Vision.Inference;

/// <summary>One box found by the detector.</summary>
/// <param name="Box">The box in pixels of the original, upright image.</param>
/// <param name="Score">The best class score, 0..1.</param>
/// <param name="ClassId">The index of the best class (into <see cref="ModelCard.ClassNames"/> when known).</param>
public readonly record struct DetectedObject(BoundingBox Box, float Score, int ClassId);
