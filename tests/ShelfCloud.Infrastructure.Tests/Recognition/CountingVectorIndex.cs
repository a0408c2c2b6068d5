using ShelfCloud.Vision.Search;

namespace ShelfCloud.Infrastructure.Tests.Recognition;

/// <summary>Passes every call to a real index and counts the searches, so tests can see how the pipeline batches them.</summary>
internal sealed class CountingVectorIndex(IVectorIndex inner) : IVectorIndex
{
    public List<int> SearchBatchSizes { get; } = [];

    public List<IReadOnlyCollection<Guid>> BestSimilarityRequests { get; } = [];

    public List<VectorFilter> Filters { get; } = [];

    public Task UpsertAsync(IReadOnlyList<VectorPoint> points, CancellationToken cancellationToken = default) =>
        inner.UpsertAsync(points, cancellationToken);

    public Task DeleteAsync(Guid tenantId, IReadOnlyCollection<Guid> pointIds, CancellationToken cancellationToken = default) =>
        inner.DeleteAsync(tenantId, pointIds, cancellationToken);

    public Task DeleteAsync(VectorFilter filter, CancellationToken cancellationToken = default) =>
        inner.DeleteAsync(filter, cancellationToken);

    public Task<IReadOnlyList<IReadOnlyList<VectorMatch>>> SearchAsync(
        IReadOnlyList<float[]> queries, VectorFilter filter, int limit, CancellationToken cancellationToken = default)
    {
        SearchBatchSizes.Add(queries.Count);
        Filters.Add(filter);
        return inner.SearchAsync(queries, filter, limit, cancellationToken);
    }

    public Task<IReadOnlyDictionary<Guid, float>> BestSimilarityBySkuAsync(
        float[] query, VectorFilter filter, IReadOnlyCollection<Guid> skuIds, CancellationToken cancellationToken = default)
    {
        BestSimilarityRequests.Add(skuIds.ToList());
        Filters.Add(filter);
        return inner.BestSimilarityBySkuAsync(query, filter, skuIds, cancellationToken);
    }

    public Task<long> CountAsync(VectorFilter filter, CancellationToken cancellationToken = default) =>
        inner.CountAsync(filter, cancellationToken);
}
