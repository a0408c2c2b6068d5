using ShelfCloud.Domain.Captures;

namespace ShelfCloud.Vision.Tooling.Datasets;

/// <summary>A ground-truth box of a detection dataset.</summary>
/// <param name="ClassId">The label's class index.</param>
/// <param name="Box">The box in image pixels.</param>
public readonly record struct LabelledBox(int ClassId, BoundingBox Box);
