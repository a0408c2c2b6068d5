namespace ShelfCloud.Vision.Search;

/// <summary>
/// Nearest-neighbour search over L2-normalised embeddings, partitioned by tenant. Every read and
/// write names a tenant and never sees another tenant's points. Scores are cosine similarities.
/// </summary>
public interface IVectorIndex
{
    /// <summary>Inserts the points, replacing any stored point with the same id.</summary>
    /// <exception cref="ArgumentException">A vector's length differs from the index's dimension.</exception>
    Task UpsertAsync(IReadOnlyList<VectorPoint> points, CancellationToken cancellationToken = default);

    /// <summary>Deletes the tenant's points with these ids; ids of other tenants' points are left alone.</summary>
    /// <exception cref="ArgumentException"><paramref name="tenantId"/> is <see cref="Guid.Empty"/>.</exception>
    Task DeleteAsync(Guid tenantId, IReadOnlyCollection<Guid> pointIds, CancellationToken cancellationToken = default);

    /// <summary>Deletes every point that matches the filter.</summary>
    Task DeleteAsync(VectorFilter filter, CancellationToken cancellationToken = default);

    /// <summary>
    /// Top-<paramref name="limit"/> points by cosine similarity for each query, best first. The
    /// result has one list per query, in the order of <paramref name="queries"/>.
    /// </summary>
    Task<IReadOnlyList<IReadOnlyList<VectorMatch>>> SearchAsync(
        IReadOnlyList<float[]> queries, VectorFilter filter, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// For each of <paramref name="skuIds"/> that has matching points, the best similarity between
    /// <paramref name="query"/> and that SKU's vectors. The realgram needs this for SKUs that the
    /// shelf's history names but that fell outside the visual top-K.
    /// </summary>
    Task<IReadOnlyDictionary<Guid, float>> BestSimilarityBySkuAsync(
        float[] query, VectorFilter filter, IReadOnlyCollection<Guid> skuIds, CancellationToken cancellationToken = default);

    /// <summary>The number of points that match the filter.</summary>
    Task<long> CountAsync(VectorFilter filter, CancellationToken cancellationToken = default);
}
