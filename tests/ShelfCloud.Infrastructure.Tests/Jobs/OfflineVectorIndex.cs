using ShelfCloud.Vision.Search;

namespace ShelfCloud.Infrastructure.Tests.Jobs;

/// <summary>A vector index whose every call fails, as one whose server is down.</summary>
internal sealed class OfflineVectorIndex : IVectorIndex
{
    public const string Message = "The vector index is offline.";

    public Task UpsertAsync(IReadOnlyList<VectorPoint> points, CancellationToken cancellationToken = default) => throw Offline();

    public Task DeleteAsync(Guid tenantId, IReadOnlyCollection<Guid> pointIds, CancellationToken cancellationToken = default) => throw Offline();

    public Task DeleteAsync(VectorFilter filter, CancellationToken cancellationToken = default) => throw Offline();

    public Task<IReadOnlyList<IReadOnlyList<VectorMatch>>> SearchAsync(
        IReadOnlyList<float[]> queries, VectorFilter filter, int limit, CancellationToken cancellationToken = default) => throw Offline();

    public Task<IReadOnlyDictionary<Guid, float>> BestSimilarityBySkuAsync(
        float[] query, VectorFilter filter, IReadOnlyCollection<Guid> skuIds, CancellationToken cancellationToken = default) => throw Offline();

    public Task<long> CountAsync(VectorFilter filter, CancellationToken cancellationToken = default) => throw Offline();

    private static InvalidOperationException Offline() => new(Message);
}
