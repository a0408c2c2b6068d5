using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ShelfCloud.Infrastructure.Vectors;

/// <summary>
/// Scores a range of blocks of an <see cref="Int8RowStore"/> against a query batch as a blocked matrix
/// product and keeps each query's best approximate candidates. Blocks are visited in chunks that fit in
/// L1, and every query group is scored against a chunk before moving on, so the segment is read from
/// memory once per search whatever the number of queries.
/// </summary>
internal static class Int8FirstPass
{
    private const int ChunkBytes = 32 * 1024;

    /// <param name="store">The quantised rows.</param>
    /// <param name="queries">The quantised queries.</param>
    /// <param name="blockMasks">Per block, bit l set when row 16·block + l may be returned.</param>
    /// <param name="firstBlock">First block of the range.</param>
    /// <param name="endBlock">One past the last block of the range.</param>
    /// <param name="candidates">One heap per query, filled with approximate scores.</param>
    public static void Scan(
        Int8RowStore store, Int8QueryBatch queries, ReadOnlySpan<ushort> blockMasks, int firstBlock, int endBlock, TopKHeap[] candidates)
    {
        Span<int> dots = stackalloc int[Int8QueryBatch.GroupSize * Int8RowStore.RowsPerBlock];
        var chunkBlocks = Math.Max(1, ChunkBytes / store.BlockBytes);
        for (var chunk = firstBlock; chunk < endBlock; chunk += chunkBlocks)
        {
            var chunkEnd = Math.Min(endBlock, chunk + chunkBlocks);
            for (var group = 0; group < queries.GroupCount; group++)
            {
                ref var groupBytes = ref queries.Group(group);
                for (var block = chunk; block < chunkEnd; block++)
                {
                    var mask = blockMasks[block];
                    if (mask == 0)
                    {
                        continue;
                    }

                    Int8DotKernel.FourQueries(ref store.BlockStart(block), ref groupBytes, store.Steps, dots);
                    for (var j = 0; j < Int8QueryBatch.GroupSize; j++)
                    {
                        var query = (group * Int8QueryBatch.GroupSize) + j;
                        Collect(store, block, mask, dots.Slice(j * Int8RowStore.RowsPerBlock, Int8RowStore.RowsPerBlock), queries.Scale(query), candidates[query]);
                    }
                }
            }

            for (var query = queries.GroupCount * Int8QueryBatch.GroupSize; query < queries.Count; query++)
            {
                ref var queryBytes = ref queries.Single(query);
                for (var block = chunk; block < chunkEnd; block++)
                {
                    var mask = blockMasks[block];
                    if (mask == 0)
                    {
                        continue;
                    }

                    Int8DotKernel.OneQuery(ref store.BlockStart(block), ref queryBytes, store.Steps, dots);
                    Collect(store, block, mask, dots[..Int8RowStore.RowsPerBlock], queries.Scale(query), candidates[query]);
                }
            }
        }
    }

    /// <summary>Turns 16 integer dots into approximate cosines and offers those above the heap's bar.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Collect(Int8RowStore store, int block, ushort mask, ReadOnlySpan<int> dots, float queryScale, TopKHeap heap)
    {
        var row = block * Int8RowStore.RowsPerBlock;
        ref var dot = ref MemoryMarshal.GetReference(dots);
        ref var scale = ref Unsafe.Add(ref MemoryMarshal.GetReference(store.Scales), row);
        ref var correction = ref Unsafe.Add(ref MemoryMarshal.GetReference(store.Corrections), row);
        var factor = Vector256.Create(queryScale);
        var low = Vector256.ConvertToSingle(Vector256.LoadUnsafe(ref dot) - Vector256.LoadUnsafe(ref correction))
            * Vector256.LoadUnsafe(ref scale) * factor;
        var high = Vector256.ConvertToSingle(Vector256.LoadUnsafe(ref dot, 8) - Vector256.LoadUnsafe(ref correction, 8))
            * Vector256.LoadUnsafe(ref scale, 8) * factor;
        var bar = Vector256.Create(heap.Threshold);
        var passing = (Vector256.GreaterThan(low, bar).ExtractMostSignificantBits()
            | (Vector256.GreaterThan(high, bar).ExtractMostSignificantBits() << 8)) & mask;
        while (passing != 0)
        {
            var lane = BitOperations.TrailingZeroCount(passing);
            heap.Offer(lane < 8 ? low.GetElement(lane) : high.GetElement(lane - 8), row + lane);
            passing &= passing - 1;
        }
    }
}
