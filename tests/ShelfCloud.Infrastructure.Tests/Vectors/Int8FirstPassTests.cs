using ShelfCloud.Infrastructure.Vectors;

namespace ShelfCloud.Infrastructure.Tests.Vectors;

/// <summary>The int8 kernels and the heap the first pass keeps its shortlist in.</summary>
public sealed class Int8FirstPassTests
{
    [Theory]
    [InlineData(16)]
    [InlineData(30)]
    [InlineData(256)]
    public void Both_kernels_give_the_same_integer_dots_and_these_approximate_the_cosine(int dimension)
    {
        if (!Int8DotKernel.IsSupported)
        {
            Assert.Skip("This CPU has no AVX-VNNI; the index scores exactly here, so the int8 kernels are not used.");
        }

        var vectors = new TestVectors(seed: 5);
        var store = new Int8RowStore(dimension);
        var rows = vectors.Units(Int8RowStore.RowsPerBlock * 2, dimension);
        store.EnsureCapacity(rows.Length);
        for (var row = 0; row < rows.Length; row++)
        {
            store.Write(row, rows[row]);
        }

        var queries = vectors.Units(Int8QueryBatch.GroupSize, dimension);
        var batch = new Int8QueryBatch(queries, store.Steps);
        var grouped = new int[Int8QueryBatch.GroupSize * Int8RowStore.RowsPerBlock];
        var single = new int[Int8RowStore.RowsPerBlock];
        for (var block = 0; block < 2; block++)
        {
            Int8DotKernel.FourQueries(ref store.BlockStart(block), ref batch.Group(0), store.Steps, grouped);
            for (var q = 0; q < queries.Length; q++)
            {
                Int8DotKernel.OneQuery(ref store.BlockStart(block), ref batch.Single(q), store.Steps, single);
                grouped.AsSpan(q * Int8RowStore.RowsPerBlock, Int8RowStore.RowsPerBlock).ToArray().ShouldBe(single);
                for (var lane = 0; lane < Int8RowStore.RowsPerBlock; lane++)
                {
                    var row = (block * Int8RowStore.RowsPerBlock) + lane;
                    var approximate = (single[lane] - store.Corrections[row]) * store.Scales[row] * batch.Scale(q);
                    approximate.ShouldBe(TestVectors.Cosine(rows[row], queries[q]), 0.02f);
                }
            }
        }
    }

    [Fact]
    public void A_moved_row_scores_like_the_original()
    {
        if (!Int8DotKernel.IsSupported)
        {
            Assert.Skip("This CPU has no AVX-VNNI; the index scores exactly here, so the int8 kernels are not used.");
        }

        var vectors = new TestVectors(seed: 6);
        var store = new Int8RowStore(24);
        store.EnsureCapacity(40);
        var rows = vectors.Units(40, 24);
        for (var row = 0; row < rows.Length; row++)
        {
            store.Write(row, rows[row]);
        }

        var batch = new Int8QueryBatch([vectors.Unit(24)], store.Steps);
        var before = new int[16];
        var after = new int[16];
        Int8DotKernel.OneQuery(ref store.BlockStart(2), ref batch.Single(0), store.Steps, before);

        store.Move(from: 37, to: 3);
        Int8DotKernel.OneQuery(ref store.BlockStart(0), ref batch.Single(0), store.Steps, after);

        after[3].ShouldBe(before[37 - 32]);
        store.Scales[3].ShouldBe(store.Scales[37]);
        store.Corrections[3].ShouldBe(store.Corrections[37]);
    }

    [Fact]
    public void The_heap_keeps_the_best_entries_and_prefers_the_lower_row_on_ties()
    {
        var heap = new TopKHeap(3);
        foreach (var (score, row) in new[] { (0.1f, 0), (0.9f, 1), (0.5f, 2), (0.9f, 7), (0.7f, 3), (0.9f, 4), (0.2f, 5) })
        {
            heap.Offer(score, row);
        }

        var scores = new float[3];
        var rows = new int[3];
        heap.DrainBestFirst(scores, rows).ShouldBe(3);

        scores.ShouldBe([0.9f, 0.9f, 0.9f]);
        rows.ShouldBe([1, 4, 7]);
        heap.Count.ShouldBe(0);
    }

    [Fact]
    public void The_heap_bar_is_open_until_full_then_is_the_worst_kept_score()
    {
        var heap = new TopKHeap(2);
        heap.Offer(0.3f, 0);
        heap.Threshold.ShouldBe(float.NegativeInfinity);

        heap.Offer(0.6f, 1);
        heap.Offer(0.4f, 2);

        heap.Threshold.ShouldBe(0.4f);
    }
}
