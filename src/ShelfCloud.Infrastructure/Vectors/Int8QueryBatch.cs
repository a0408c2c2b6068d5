using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ShelfCloud.Infrastructure.Vectors;

/// <summary>
/// Queries quantised for the first pass, as unsigned bytes (q + 128) with a per-query scale. Full
/// groups of four queries are interleaved by step (16 bytes per step: 4 bytes of each query) so the
/// kernel broadcasts each query's 4 bytes with one load; left-over queries are kept contiguous.
/// </summary>
internal sealed class Int8QueryBatch
{
    public const int GroupSize = 4;

    private readonly byte[] _grouped;
    private readonly byte[] _single;
    private readonly float[] _scales;

    public Int8QueryBatch(IReadOnlyList<float[]> queries, int steps)
    {
        Count = queries.Count;
        Steps = steps;
        GroupCount = Count / GroupSize;
        _grouped = new byte[GroupCount * steps * GroupSize * 4];
        _single = new byte[Count * steps * 4];
        _scales = new float[Count];
        for (var q = 0; q < Count; q++)
        {
            Quantise(q, queries[q]);
        }
    }

    public int Count { get; }

    public int Steps { get; }

    /// <summary>Full groups of four; queries from <c>GroupCount * 4</c> on are scored one at a time.</summary>
    public int GroupCount { get; }

    public float Scale(int query) => _scales[query];

    public ref byte Group(int group) => ref _grouped[group * Steps * GroupSize * 4];

    public ref byte Single(int query) => ref _single[query * Steps * 4];

    private void Quantise(int query, ReadOnlySpan<float> vector)
    {
        var maxAbs = MathF.Abs(TensorPrimitives.MaxMagnitude(vector));
        var inverse = maxAbs > 0 ? 127f / maxAbs : 0f;
        _scales[query] = maxAbs / 127f;
        ref var single = ref Single(query);
        var group = query / GroupSize;
        var inGroup = group < GroupCount;
        ref var grouped = ref MemoryMarshal.GetArrayDataReference(_grouped);
        for (var d = 0; d < Steps * 4; d++)
        {
            var quantised = d < vector.Length ? (int)Math.Clamp(MathF.Round(vector[d] * inverse), -127f, 127f) : 0;
            var unsigned = (byte)(quantised + 128);
            Unsafe.Add(ref single, d) = unsigned;
            if (inGroup)
            {
                var offset = (group * Steps * GroupSize * 4) + ((d >> 2) * GroupSize * 4) + ((query % GroupSize) * 4) + (d & 3);
                Unsafe.Add(ref grouped, offset) = unsigned;
            }
        }
    }
}
