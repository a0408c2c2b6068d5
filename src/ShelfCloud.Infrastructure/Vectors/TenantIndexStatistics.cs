namespace ShelfCloud.Infrastructure.Vectors;

/// <summary>Size of one tenant's part of an <see cref="EmbeddedVectorIndex"/>.</summary>
/// <param name="Count">Stored vectors.</param>
/// <param name="Dimension">Their dimension; 0 when the tenant has none.</param>
/// <param name="BytesPerVector">Memory held per vector: exact copy, int8 copy, id and payload.</param>
public sealed record TenantIndexStatistics(int Count, int Dimension, int BytesPerVector);
