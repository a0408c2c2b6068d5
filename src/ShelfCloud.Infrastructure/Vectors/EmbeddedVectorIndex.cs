using System.Collections.Concurrent;
using ShelfCloud.Infrastructure.Vectors.Persistence;
using ShelfCloud.Vision.Search;

namespace ShelfCloud.Infrastructure.Vectors;

/// <summary>
/// In-process vector index: exact cosine top-K over one contiguous segment per tenant. Large scans use
/// an int8 first pass (AVX-VNNI, blocked over all queries of a batch) whose shortlist is rescored from
/// the exact copy, so scores are exact and results match an exhaustive scan in all but near-ties.
/// Persisted per tenant to <see cref="EmbeddedVectorIndexOptions.Directory"/> and reloaded on construction.
/// </summary>
public sealed class EmbeddedVectorIndex : IVectorIndex, IDisposable
{
    private readonly ConcurrentDictionary<Guid, TenantSegment> _segments = new();
    private readonly EmbeddedVectorIndexOptions _options;
    private readonly SegmentSearcher _searcher;
    private readonly object _segmentCreation = new();

    /// <summary>Opens the index, loading every tenant segment found in the options' folder.</summary>
    public EmbeddedVectorIndex(EmbeddedVectorIndexOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _searcher = new SegmentSearcher(options.ExactScanMaxRows, options.MaxDegreeOfParallelism);
        if (options.Directory is not null)
        {
            LoadSegments(options.Directory);
        }
    }

    /// <inheritdoc />
    public Task UpsertAsync(IReadOnlyList<VectorPoint> points, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        foreach (var point in points)
        {
            ArgumentNullException.ThrowIfNull(point);
            ArgumentNullException.ThrowIfNull(point.Payload, nameof(points));
            VectorChecks.RequireFinite(point.Vector, nameof(points));
        }

        foreach (var tenantPoints in points.GroupBy(point => point.Payload.TenantId))
        {
            cancellationToken.ThrowIfCancellationRequested();
            SegmentFor(tenantPoints.Key).Upsert(tenantPoints.ToList());
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task DeleteAsync(Guid tenantId, IReadOnlyCollection<Guid> pointIds, CancellationToken cancellationToken = default)
    {
        TenantGuard.Require(tenantId);
        ArgumentNullException.ThrowIfNull(pointIds);
        if (_segments.TryGetValue(tenantId, out var segment))
        {
            segment.DeleteIds(pointIds);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task DeleteAsync(VectorFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (_segments.TryGetValue(filter.TenantId, out var segment))
        {
            segment.DeleteMatching(filter);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<IReadOnlyList<VectorMatch>>> SearchAsync(
        IReadOnlyList<float[]> queries, VectorFilter filter, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        foreach (var query in queries)
        {
            VectorChecks.RequireFinite(query, nameof(queries));
        }

        var empty = Enumerable.Repeat<IReadOnlyList<VectorMatch>>([], queries.Count).ToArray();
        if (queries.Count == 0 || !_segments.TryGetValue(filter.TenantId, out var segment))
        {
            return Task.FromResult<IReadOnlyList<IReadOnlyList<VectorMatch>>>(empty);
        }

        var results = segment.Read(
            rows =>
            {
                VectorChecks.RequireDimension(queries, rows.Dimension);
                return _searcher.Search(rows, queries, filter, limit);
            },
            empty);
        return Task.FromResult<IReadOnlyList<IReadOnlyList<VectorMatch>>>(results);
    }

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<Guid, float>> BestSimilarityBySkuAsync(
        float[] query, VectorFilter filter, IReadOnlyCollection<Guid> skuIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(skuIds);
        VectorChecks.RequireFinite(query, nameof(query));
        IReadOnlyDictionary<Guid, float> empty = new Dictionary<Guid, float>();
        if (skuIds.Count == 0 || !_segments.TryGetValue(filter.TenantId, out var segment))
        {
            return Task.FromResult(empty);
        }

        return Task.FromResult(segment.Read<IReadOnlyDictionary<Guid, float>>(
            rows =>
            {
                VectorChecks.RequireDimension([query], rows.Dimension);
                return SegmentSearcher.BestSimilarityBySku(rows, query, filter, skuIds);
            },
            empty));
    }

    /// <inheritdoc />
    public Task<long> CountAsync(VectorFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (!_segments.TryGetValue(filter.TenantId, out var segment))
        {
            return Task.FromResult(0L);
        }

        return Task.FromResult(segment.Read(rows => CountMatching(rows, filter), 0L));
    }

    /// <summary>How many vectors the tenant holds and what each costs in memory.</summary>
    public TenantIndexStatistics GetStatistics(Guid tenantId)
    {
        TenantGuard.Require(tenantId);
        var none = new TenantIndexStatistics(0, 0, 0);
        return _segments.TryGetValue(tenantId, out var segment)
            ? segment.Read(rows => new TenantIndexStatistics(rows.Count, rows.Dimension, rows.BytesPerVector), none)
            : none;
    }

    /// <summary>Closes the tenants' write logs.</summary>
    public void Dispose()
    {
        foreach (var segment in _segments.Values)
        {
            segment.Dispose();
        }

        _segments.Clear();
    }

    private static long CountMatching(SegmentRows rows, VectorFilter filter)
    {
        var onRows = new StoredPayloadFilter(filter, rows.Payloads);
        if (onRows.IsTenantOnly)
        {
            return rows.Count;
        }

        long count = 0;
        for (var row = 0; row < rows.Count; row++)
        {
            if (onRows.Matches(rows.Payloads.PayloadAt(row)))
            {
                count++;
            }
        }

        return count;
    }

    private TenantSegment SegmentFor(Guid tenantId)
    {
        if (_segments.TryGetValue(tenantId, out var segment))
        {
            return segment;
        }

        // A lock rather than GetOrAdd: a losing factory call would open the tenant's log a second time.
        lock (_segmentCreation)
        {
            return _segments.GetOrAdd(tenantId, NewSegment);
        }
    }

    private TenantSegment NewSegment(Guid tenantId) =>
        new(_options.Float16Storage, _options.Directory is null ? null : new SegmentJournal(_options.Directory, tenantId, _options.LogCompactionThresholdBytes));

    private void LoadSegments(string directory)
    {
        System.IO.Directory.CreateDirectory(directory);
        foreach (var leftover in System.IO.Directory.EnumerateFiles(directory, "*.tmp"))
        {
            File.Delete(leftover);
        }

        var tenants = System.IO.Directory.EnumerateFiles(directory)
            .Where(path => path.EndsWith(SegmentJournal.SnapshotExtension, StringComparison.Ordinal) || path.EndsWith(SegmentJournal.LogExtension, StringComparison.Ordinal))
            .Select(path => Guid.TryParseExact(Path.GetFileNameWithoutExtension(path), "N", out var tenant) ? tenant : Guid.Empty)
            .Where(tenant => tenant != Guid.Empty)
            .Distinct();
        foreach (var tenant in tenants)
        {
            _segments[tenant] = NewSegment(tenant);
        }
    }
}
