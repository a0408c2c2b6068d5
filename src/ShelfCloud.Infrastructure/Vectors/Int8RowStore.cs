using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ShelfCloud.Infrastructure.Vectors;

/// <summary>
/// The int8 copy of a segment's vectors, scored by the first pass. Each vector is quantised with its
/// own scale (max |component| / 127). Rows are stored in blocks of 16 and interleaved by groups of
/// four dimensions: step s of a block is one 64-byte cache line holding dimensions 4s..4s+3 of all
/// 16 rows, so one VNNI instruction scores 8 rows against 4 query bytes with no horizontal sums.
/// </summary>
internal sealed class Int8RowStore
{
    public const int RowsPerBlock = 16;
    public const int BytesPerStep = RowsPerBlock * 4;
    private const int Alignment = 64;

    // Pinned so the 64-byte alignment computed once stays true; the GC never moves the buffer.
    private byte[] _buffer = [];
    private int _origin;
    private float[] _scales = [];
    private int[] _corrections = [];

    public Int8RowStore(int dimension)
    {
        Dimension = dimension;
        Steps = (dimension + 3) / 4;
        BlockBytes = Steps * BytesPerStep;
    }

    public int Dimension { get; }

    /// <summary>Groups of four dimensions (the last one zero-padded).</summary>
    public int Steps { get; }

    public int BlockBytes { get; }

    public int CapacityRows => _scales.Length;

    /// <summary>Bytes this store holds per vector: the quantised components, a scale and a correction.</summary>
    public int BytesPerRow => (Steps * 4) + sizeof(float) + sizeof(int);

    /// <summary>Per-row dequantisation scale.</summary>
    public ReadOnlySpan<float> Scales => _scales;

    /// <summary>
    /// Per-row 128 × (sum of the row's int8 components): the first pass feeds queries as unsigned
    /// bytes (q + 128), and this is what that offset adds to each dot product.
    /// </summary>
    public ReadOnlySpan<int> Corrections => _corrections;

    public ref byte BlockStart(int block) =>
        ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_buffer), _origin + ((nint)block * BlockBytes));

    public void EnsureCapacity(int rows)
    {
        if (rows <= CapacityRows)
        {
            return;
        }

        var blocks = Math.Max((rows + RowsPerBlock - 1) / RowsPerBlock, Math.Max(CapacityRows / RowsPerBlock * 2, 4));
        var buffer = GC.AllocateArray<byte>(checked((blocks * BlockBytes) + Alignment), pinned: true);
        var origin = AlignedOrigin(buffer);
        if (_buffer.Length > 0)
        {
            _buffer.AsSpan(_origin, CapacityRows / RowsPerBlock * BlockBytes).CopyTo(buffer.AsSpan(origin));
        }

        var scales = new float[blocks * RowsPerBlock];
        var corrections = new int[blocks * RowsPerBlock];
        _scales.CopyTo(scales, 0);
        _corrections.CopyTo(corrections, 0);
        (_buffer, _origin, _scales, _corrections) = (buffer, origin, scales, corrections);
    }

    public void Write(int row, ReadOnlySpan<float> vector)
    {
        var maxAbs = MathF.Abs(TensorPrimitives.MaxMagnitude(vector));
        var inverse = maxAbs > 0 ? 127f / maxAbs : 0f;
        ref var lane = ref LaneStart(row);
        var sum = 0;
        for (var d = 0; d < Steps * 4; d++)
        {
            var quantised = d < Dimension ? (int)Math.Clamp(MathF.Round(vector[d] * inverse), -127f, 127f) : 0;
            Unsafe.Add(ref lane, ((d >> 2) * BytesPerStep) + (d & 3)) = (byte)(sbyte)quantised;
            sum += quantised;
        }

        _scales[row] = maxAbs / 127f;
        _corrections[row] = 128 * sum;
    }

    public void Move(int from, int to)
    {
        ref var source = ref LaneStart(from);
        ref var target = ref LaneStart(to);
        for (var s = 0; s < Steps; s++)
        {
            var offset = s * BytesPerStep;
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref target, offset), Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref source, offset)));
        }

        _scales[to] = _scales[from];
        _corrections[to] = _corrections[from];
    }

    private ref byte LaneStart(int row) => ref Unsafe.Add(ref BlockStart(row / RowsPerBlock), (row % RowsPerBlock) * 4);

    private static int AlignedOrigin(byte[] pinned)
    {
        var address = Marshal.UnsafeAddrOfPinnedArrayElement(pinned, 0);
        return (int)((Alignment - (address % Alignment)) % Alignment);
    }
}
