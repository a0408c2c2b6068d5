namespace ShelfCloud.Vision.Search;

/// <summary>One stored vector: an id unique across the index, the L2-normalised vector and its payload.</summary>
/// <param name="Id">Point id; upserting the same id again replaces the point.</param>
/// <param name="Vector">The embedding, L2-normalised by the caller.</param>
/// <param name="Payload">Tenant, SKU and the fields filters narrow by.</param>
public sealed record VectorPoint(Guid Id, float[] Vector, VectorPayload Payload);
