namespace ShelfCloud.Infrastructure.Vectors;

/// <summary>Builds the per-block row masks the first pass uses to skip filtered-out and unused rows.</summary>
internal static class BlockMasks
{
    public static int BlockCount(int rows) => (rows + Int8RowStore.RowsPerBlock - 1) / Int8RowStore.RowsPerBlock;

    /// <summary>Every row in [0, <paramref name="rows"/>).</summary>
    public static void AllRows(int rows, Span<ushort> masks)
    {
        var fullBlocks = rows / Int8RowStore.RowsPerBlock;
        masks[..fullBlocks].Fill(ushort.MaxValue);
        var remainder = rows % Int8RowStore.RowsPerBlock;
        if (remainder > 0)
        {
            masks[fullBlocks] = (ushort)((1 << remainder) - 1);
        }
    }

    /// <summary>Only the given rows.</summary>
    public static void SelectedRows(ReadOnlySpan<int> rows, Span<ushort> masks)
    {
        masks.Clear();
        foreach (var row in rows)
        {
            masks[row / Int8RowStore.RowsPerBlock] |= (ushort)(1 << (row % Int8RowStore.RowsPerBlock));
        }
    }
}
