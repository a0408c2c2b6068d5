namespace ShelfCloud.Infrastructure.Vectors;

/// <summary>
/// One tenant's points: the exact vectors, their int8 copy and their payloads, all row-aligned and
/// dense (a delete moves the last row into the hole). Not thread-safe: <see cref="TenantSegment"/>
/// guards it.
/// </summary>
internal sealed class SegmentRows
{
    public SegmentRows(int dimension, bool float16)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        Dimension = dimension;
        Exact = ExactRowStore.Create(dimension, float16);
        Quantised = new Int8RowStore(dimension);
    }

    public int Dimension { get; }

    public int Count { get; private set; }

    public ExactRowStore Exact { get; }

    public Int8RowStore Quantised { get; }

    public RowPayloadTable Payloads { get; } = new();

    /// <summary>Memory held per stored vector: exact copy, int8 copy with its scale and correction, id and payload.</summary>
    public int BytesPerVector => Exact.BytesPerRow + Quantised.BytesPerRow + Payloads.BytesPerRow;

    public void Upsert(Guid id, ReadOnlySpan<float> vector, in PointFields fields)
    {
        if (vector.Length != Dimension)
        {
            throw new ArgumentException($"Vector of point {id} has {vector.Length} dimensions; this tenant's vectors have {Dimension}.", nameof(vector));
        }

        if (!Payloads.TryGetRow(id, out var row))
        {
            row = Count;
            EnsureCapacity(Count + 1);
            Count++;
        }

        Exact.Write(row, vector);
        Quantised.Write(row, vector);
        Payloads.Set(row, id, fields);
    }

    public bool Remove(Guid id)
    {
        if (!Payloads.TryGetRow(id, out var row))
        {
            return false;
        }

        var last = Count - 1;
        Payloads.Forget(id);
        if (row != last)
        {
            Exact.Move(last, row);
            Quantised.Move(last, row);
            Payloads.Move(last, row);
        }

        Count--;
        return true;
    }

    private void EnsureCapacity(int rows)
    {
        Exact.EnsureCapacity(rows);
        Quantised.EnsureCapacity(rows);
        Payloads.EnsureCapacity(rows);
    }
}
