namespace ShelfCloud.Domain.Recognition;

/// <summary>A SKU from the visual search with the crop's similarity to it (higher is more alike).</summary>
public readonly record struct VisualCandidate(Guid SkuId, float Similarity);
