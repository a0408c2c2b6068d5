using System.Net;
using ShelfCloud.Vision.Search;

namespace ShelfCloud.Infrastructure.Vectors.Qdrant;

/// <summary>
/// <see cref="IVectorIndex"/> over Qdrant's REST API: one collection per embedder model, every point
/// carrying a <c>tenant_id</c> payload indexed with <c>is_tenant</c>, and every query and delete
/// filtered on it. The collection and its payload indexes are created on first use when missing.
/// </summary>
public sealed class QdrantVectorIndex : IVectorIndex
{
    private readonly QdrantOptions _options;
    private readonly QdrantHttpTransport _transport;
    private readonly string _collectionPath;
    private readonly SemaphoreSlim _setUp = new(1, 1);
    private volatile bool _collectionReady;

    /// <summary>Creates the adapter; <paramref name="http"/> is used as given (its lifetime is the caller's).</summary>
    public QdrantVectorIndex(HttpClient http, QdrantOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Collection, nameof(options.Collection));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Dimension, 1, nameof(options.Dimension));
        ArgumentNullException.ThrowIfNull(options.Url, nameof(options.Url));
        _options = options;
        _transport = new QdrantHttpTransport(http, options, time ?? TimeProvider.System);
        _collectionPath = "collections/" + Uri.EscapeDataString(options.Collection);
    }

    /// <inheritdoc />
    public async Task UpsertAsync(IReadOnlyList<VectorPoint> points, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        foreach (var point in points)
        {
            ArgumentNullException.ThrowIfNull(point);
            RequireDimension(point.Vector, nameof(points));
        }

        await EnsureCollectionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var chunk in points.Chunk(Math.Max(1, _options.UpsertBatchSize)))
        {
            await _transport.SendAsync(HttpMethod.Put, $"{_collectionPath}/points?wait=true", QdrantPointRequests.Upsert(chunk), cancellationToken)
                .ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task DeleteAsync(Guid tenantId, IReadOnlyCollection<Guid> pointIds, CancellationToken cancellationToken = default)
    {
        TenantGuard.Require(tenantId);
        ArgumentNullException.ThrowIfNull(pointIds);
        if (pointIds.Count == 0)
        {
            return;
        }

        await EnsureCollectionAsync(cancellationToken).ConfigureAwait(false);
        await _transport.SendAsync(HttpMethod.Post, $"{_collectionPath}/points/delete?wait=true", QdrantPointRequests.DeleteByIds(tenantId, pointIds), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task DeleteAsync(VectorFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await EnsureCollectionAsync(cancellationToken).ConfigureAwait(false);
        await _transport.SendAsync(HttpMethod.Post, $"{_collectionPath}/points/delete?wait=true", QdrantPointRequests.DeleteByFilter(filter), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<IReadOnlyList<VectorMatch>>> SearchAsync(
        IReadOnlyList<float[]> queries, VectorFilter filter, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        foreach (var query in queries)
        {
            RequireDimension(query, nameof(queries));
        }

        if (queries.Count == 0)
        {
            return [];
        }

        await EnsureCollectionAsync(cancellationToken).ConfigureAwait(false);
        if (queries.Count == 1)
        {
            var single = await _transport.SendAsync(
                HttpMethod.Post, $"{_collectionPath}/points/query", QdrantQueryRequests.Query(queries[0], QdrantFilterBuilder.Build(filter), limit), cancellationToken)
                .ConfigureAwait(false);
            return [QdrantResponseReader.Matches(single!.Value)];
        }

        var batch = await _transport.SendAsync(
            HttpMethod.Post, $"{_collectionPath}/points/query/batch", QdrantQueryRequests.QueryBatch(queries, filter, limit), cancellationToken)
            .ConfigureAwait(false);
        return QdrantResponseReader.BatchMatches(batch!.Value);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<Guid, float>> BestSimilarityBySkuAsync(
        float[] query, VectorFilter filter, IReadOnlyCollection<Guid> skuIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(skuIds);
        RequireDimension(query, nameof(query));
        var skus = skuIds.Distinct().ToList();
        var best = new Dictionary<Guid, float>();
        if (skus.Count == 0)
        {
            return best;
        }

        await EnsureCollectionAsync(cancellationToken).ConfigureAwait(false);
        var result = await _transport.SendAsync(
            HttpMethod.Post, $"{_collectionPath}/points/query/batch", QdrantQueryRequests.BestPerSku(query, filter, skus), cancellationToken)
            .ConfigureAwait(false);
        var perSku = QdrantResponseReader.BatchMatches(result!.Value);
        for (var i = 0; i < skus.Count; i++)
        {
            if (perSku[i].Count > 0)
            {
                best[skus[i]] = perSku[i][0].Score;
            }
        }

        return best;
    }

    /// <inheritdoc />
    public async Task<long> CountAsync(VectorFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await EnsureCollectionAsync(cancellationToken).ConfigureAwait(false);
        var result = await _transport.SendAsync(HttpMethod.Post, $"{_collectionPath}/points/count", QdrantPointRequests.Count(filter), cancellationToken)
            .ConfigureAwait(false);
        return QdrantResponseReader.Count(result!.Value);
    }

    private void RequireDimension(float[]? vector, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(vector, parameterName);
        if (vector.Length != _options.Dimension)
        {
            throw new ArgumentException($"Vector has {vector.Length} dimensions; collection {_options.Collection} holds {_options.Dimension}.", parameterName);
        }
    }

    private async Task EnsureCollectionAsync(CancellationToken cancellationToken)
    {
        if (_collectionReady)
        {
            return;
        }

        await _setUp.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_collectionReady)
            {
                return;
            }

            var existence = await _transport.SendAsync(HttpMethod.Get, $"{_collectionPath}/exists", null, cancellationToken).ConfigureAwait(false);
            if (!QdrantResponseReader.Exists(existence!.Value))
            {
                // 409: another node created it between our check and our request.
                await _transport.SendAsync(
                    HttpMethod.Put, _collectionPath, QdrantCollectionRequests.CreateCollection(_options.Dimension), cancellationToken, HttpStatusCode.Conflict)
                    .ConfigureAwait(false);
            }

            // Creating an index that exists is a no-op, so this also repairs a set-up that was cut short.
            await _transport.SendAsync(HttpMethod.Put, $"{_collectionPath}/index?wait=true", QdrantCollectionRequests.CreateTenantIndex(), cancellationToken)
                .ConfigureAwait(false);
            foreach (var field in QdrantPayloadFields.Filtered)
            {
                await _transport.SendAsync(HttpMethod.Put, $"{_collectionPath}/index?wait=true", QdrantCollectionRequests.CreateKeywordIndex(field), cancellationToken)
                    .ConfigureAwait(false);
            }

            _collectionReady = true;
        }
        finally
        {
            _setUp.Release();
        }
    }
}
