using System.Buffers;
using ShelfCloud.Vision.Search;

namespace ShelfCloud.Infrastructure.Vectors;

/// <summary>
/// Top-K search over one segment. Small candidate sets are scored exactly; larger ones go through the
/// int8 first pass (a shortlist of <see cref="ShortlistFactor"/>·K per query) and the shortlist is rescored
/// exactly from the fp32 (or fp16) copy, so returned scores are always exact cosines.
/// </summary>
internal sealed class SegmentSearcher(int exactScanMaxRows, int maxDegreeOfParallelism)
{
    public const int ShortlistFactor = 4;
    private const int MinShortlist = 16;

    // Below this many block×query products a second thread costs more than it saves.
    private const int BlockQueriesPerWorker = 1024;

    // 4096 rows: about 1 MB of int8 data at 256 dimensions, a few hundred microseconds of work.
    private const int BlocksPerUnit = 256;

    public IReadOnlyList<VectorMatch>[] Search(SegmentRows rows, IReadOnlyList<float[]> queries, VectorFilter filter, int limit)
    {
        var filterOnRows = new StoredPayloadFilter(filter, rows.Payloads);
        var selected = ArrayPool<int>.Shared.Rent(filterOnRows.IsTenantOnly ? 0 : rows.Count);
        try
        {
            var candidateCount = filterOnRows.IsTenantOnly ? rows.Count : SelectRows(rows, filterOnRows, selected);
            ReadOnlySpan<int> selection = filterOnRows.IsTenantOnly ? default : selected.AsSpan(0, candidateCount);
            if (candidateCount == 0)
            {
                return EmptyResults(queries.Count);
            }

            limit = Math.Min(limit, candidateCount);

            var heaps = candidateCount <= exactScanMaxRows || !Int8DotKernel.IsSupported
                ? ExactScan(rows, queries, filterOnRows.IsTenantOnly, selection, limit)
                : Rescore(rows, queries, ApproximateShortlists(rows, queries, filterOnRows.IsTenantOnly, selection, limit), limit);
            return ToMatches(rows, heaps);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(selected);
        }
    }

    /// <summary>Best exact similarity per SKU over the rows that match the filter and belong to one of the SKUs.</summary>
    public static Dictionary<Guid, float> BestSimilarityBySku(SegmentRows rows, float[] query, VectorFilter filter, IReadOnlyCollection<Guid> skuIds)
    {
        var wanted = skuIds as ISet<Guid> ?? skuIds.ToHashSet();
        var filterOnRows = new StoredPayloadFilter(filter, rows.Payloads);
        var best = new Dictionary<Guid, float>();
        var scratch = new float[rows.Dimension];
        for (var row = 0; row < rows.Count; row++)
        {
            ref readonly var payload = ref rows.Payloads.PayloadAt(row);
            if (!wanted.Contains(payload.SkuId) || !filterOnRows.Matches(payload))
            {
                continue;
            }

            var score = rows.Exact.Dot(query, row, scratch);
            if (!best.TryGetValue(payload.SkuId, out var current) || score > current)
            {
                best[payload.SkuId] = score;
            }
        }

        return best;
    }

    private static int SelectRows(SegmentRows rows, in StoredPayloadFilter filter, int[] selected)
    {
        var count = 0;
        for (var row = 0; row < rows.Count; row++)
        {
            if (filter.Matches(rows.Payloads.PayloadAt(row)))
            {
                selected[count++] = row;
            }
        }

        return count;
    }

    private static TopKHeap[] ExactScan(SegmentRows rows, IReadOnlyList<float[]> queries, bool allRows, ReadOnlySpan<int> selection, int limit)
    {
        var heaps = NewHeaps(queries.Count, limit);
        var scratch = new float[rows.Dimension];
        var count = allRows ? rows.Count : selection.Length;
        for (var i = 0; i < count; i++)
        {
            var row = allRows ? i : selection[i];
            var vector = rows.Exact.Row(row, scratch);
            for (var q = 0; q < heaps.Length; q++)
            {
                heaps[q].Offer(System.Numerics.Tensors.TensorPrimitives.Dot(queries[q], vector), row);
            }
        }

        return heaps;
    }

    private TopKHeap[] ApproximateShortlists(SegmentRows rows, IReadOnlyList<float[]> queries, bool allRows, ReadOnlySpan<int> selection, int limit)
    {
        var blocks = BlockMasks.BlockCount(rows.Count);
        var masks = ArrayPool<ushort>.Shared.Rent(blocks);
        try
        {
            if (allRows)
            {
                BlockMasks.AllRows(rows.Count, masks);
            }
            else
            {
                BlockMasks.SelectedRows(selection, masks);
            }

            var batch = new Int8QueryBatch(queries, rows.Quantised.Steps);
            var shortlist = Math.Min(Math.Max(limit * ShortlistFactor, MinShortlist), rows.Count);
            var workers = WorkerCount(blocks, queries.Count);
            var perWorker = new TopKHeap[workers][];
            var units = (blocks + BlocksPerUnit - 1) / BlocksPerUnit;
            var lastTakenUnit = -1;

            // Workers take units of work as they go rather than a fixed half each: on a busy machine a
            // descheduled worker then delays the search by one unit, not by half the scan.
            Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, worker =>
            {
                var heaps = perWorker[worker] = NewHeaps(queries.Count, shortlist);
                for (var unit = Interlocked.Increment(ref lastTakenUnit); unit < units; unit = Interlocked.Increment(ref lastTakenUnit))
                {
                    var first = unit * BlocksPerUnit;
                    Int8FirstPass.Scan(rows.Quantised, batch, masks, first, Math.Min(blocks, first + BlocksPerUnit), heaps);
                }
            });

            for (var worker = 1; worker < workers; worker++)
            {
                for (var q = 0; q < queries.Count; q++)
                {
                    perWorker[0][q].Merge(perWorker[worker][q]);
                }
            }

            return perWorker[0];
        }
        finally
        {
            ArrayPool<ushort>.Shared.Return(masks);
        }
    }

    private static TopKHeap[] Rescore(SegmentRows rows, IReadOnlyList<float[]> queries, TopKHeap[] shortlists, int limit)
    {
        var heaps = NewHeaps(queries.Count, limit);
        var scratch = new float[rows.Dimension];
        for (var q = 0; q < queries.Count; q++)
        {
            foreach (var row in shortlists[q].Rows)
            {
                heaps[q].Offer(rows.Exact.Dot(queries[q], row, scratch), row);
            }
        }

        return heaps;
    }

    private int WorkerCount(int blocks, int queries)
    {
        var byWork = (int)Math.Min(int.MaxValue, (long)blocks * queries / BlockQueriesPerWorker);
        return Math.Clamp(byWork, 1, Math.Max(1, maxDegreeOfParallelism));
    }

    private static TopKHeap[] NewHeaps(int count, int capacity)
    {
        var heaps = new TopKHeap[count];
        for (var i = 0; i < count; i++)
        {
            heaps[i] = new TopKHeap(capacity);
        }

        return heaps;
    }

    private static IReadOnlyList<VectorMatch>[] ToMatches(SegmentRows rows, TopKHeap[] heaps)
    {
        var results = new IReadOnlyList<VectorMatch>[heaps.Length];
        for (var q = 0; q < heaps.Length; q++)
        {
            var count = heaps[q].Count;
            var scores = new float[count];
            var rowIds = new int[count];
            heaps[q].DrainBestFirst(scores, rowIds);
            var matches = new VectorMatch[count];
            for (var i = 0; i < count; i++)
            {
                matches[i] = new VectorMatch(rows.Payloads.IdAt(rowIds[i]), rows.Payloads.PayloadAt(rowIds[i]).SkuId, scores[i]);
            }

            results[q] = matches;
        }

        return results;
    }

    private static IReadOnlyList<VectorMatch>[] EmptyResults(int count) =>
        Enumerable.Repeat<IReadOnlyList<VectorMatch>>([], count).ToArray();
}
