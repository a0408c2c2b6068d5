using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace ShelfCloud.Infrastructure.Vectors;

/// <summary>
/// The exact copy of a segment's vectors, row after row in one growable contiguous buffer. Used to
/// rescore the int8 shortlist and for exact scans of small candidate sets.
/// </summary>
internal abstract class ExactRowStore(int dimension)
{
    public int Dimension { get; } = dimension;

    public abstract bool IsFloat16 { get; }

    public abstract int BytesPerRow { get; }

    public static ExactRowStore Create(int dimension, bool float16) =>
        float16 ? new Float16RowStore(dimension) : new Float32RowStore(dimension);

    public abstract void EnsureCapacity(int rows);

    public abstract void Write(int row, ReadOnlySpan<float> vector);

    public abstract void Move(int from, int to);

    /// <summary>The row as floats: a view of the buffer, or a conversion written into <paramref name="scratch"/>.</summary>
    public abstract ReadOnlySpan<float> Row(int row, Span<float> scratch);

    /// <summary>The stored bytes of rows [0, <paramref name="count"/>), for snapshots.</summary>
    public abstract ReadOnlySpan<byte> RawRows(int count);

    public float Dot(ReadOnlySpan<float> query, int row, Span<float> scratch) =>
        TensorPrimitives.Dot(query, Row(row, scratch));

    protected static int GrownCapacity(int current, int required) => Math.Max(required, Math.Max(current * 2, 64));
}

/// <summary>Single-precision rows.</summary>
internal sealed class Float32RowStore(int dimension) : ExactRowStore(dimension)
{
    private float[] _values = [];

    public override bool IsFloat16 => false;

    public override int BytesPerRow => Dimension * sizeof(float);

    public override void EnsureCapacity(int rows)
    {
        if ((long)rows * Dimension <= _values.Length)
        {
            return;
        }

        var grown = new float[checked(GrownCapacity(_values.Length / Dimension, rows) * Dimension)];
        _values.CopyTo(grown, 0);
        _values = grown;
    }

    public override void Write(int row, ReadOnlySpan<float> vector) => vector.CopyTo(Slice(row));

    public override void Move(int from, int to) => Slice(from).CopyTo(Slice(to));

    public override ReadOnlySpan<float> Row(int row, Span<float> scratch) => Slice(row);

    public override ReadOnlySpan<byte> RawRows(int count) => MemoryMarshal.AsBytes(_values.AsSpan(0, count * Dimension));

    private Span<float> Slice(int row) => _values.AsSpan(row * Dimension, Dimension);
}

/// <summary>Half-precision rows, widened to floats when read.</summary>
internal sealed class Float16RowStore(int dimension) : ExactRowStore(dimension)
{
    private Half[] _values = [];

    public override bool IsFloat16 => true;

    public override int BytesPerRow => Dimension * 2;

    public override void EnsureCapacity(int rows)
    {
        if ((long)rows * Dimension <= _values.Length)
        {
            return;
        }

        var grown = new Half[checked(GrownCapacity(_values.Length / Dimension, rows) * Dimension)];
        _values.CopyTo(grown, 0);
        _values = grown;
    }

    public override void Write(int row, ReadOnlySpan<float> vector) => TensorPrimitives.ConvertToHalf(vector, Slice(row));

    public override void Move(int from, int to) => Slice(from).CopyTo(Slice(to));

    public override ReadOnlySpan<float> Row(int row, Span<float> scratch)
    {
        var floats = scratch[..Dimension];
        TensorPrimitives.ConvertToSingle(Slice(row), floats);
        return floats;
    }

    public override ReadOnlySpan<byte> RawRows(int count) => MemoryMarshal.AsBytes(_values.AsSpan(0, count * Dimension));

    private Span<Half> Slice(int row) => _values.AsSpan(row * Dimension, Dimension);
}
