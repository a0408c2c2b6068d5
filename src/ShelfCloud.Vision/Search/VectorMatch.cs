namespace ShelfCloud.Vision.Search;

/// <summary>One search hit.</summary>
/// <param name="PointId">The stored point.</param>
/// <param name="SkuId">The SKU of the stored point.</param>
/// <param name="Score">Cosine similarity between the query and the stored vector.</param>
public readonly record struct VectorMatch(Guid PointId, Guid SkuId, float Score);
