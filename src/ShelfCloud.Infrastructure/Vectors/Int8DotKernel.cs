using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ShelfCloud.Infrastructure.Vectors;

/// <summary>
/// Integer dot products of one 16-row block of <see cref="Int8RowStore"/> with quantised queries,
/// using AVX-VNNI (vpdpbusd: unsigned query bytes × signed row bytes, four products summed into
/// each int32 lane). The result for query j, row lane l is written to <c>dots[j * 16 + l]</c>.
/// </summary>
internal static class Int8DotKernel
{
    public static bool IsSupported => AvxVnni.IsSupported;

    /// <summary>Four queries of one <see cref="Int8QueryBatch"/> group against one block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void FourQueries(ref byte block, ref byte group, int steps, Span<int> dots)
    {
        Vector256<int> a0 = default, b0 = default, a1 = default, b1 = default;
        Vector256<int> a2 = default, b2 = default, a3 = default, b3 = default;
        for (nuint s = 0; s < (nuint)steps; s++)
        {
            var low = Vector256.LoadUnsafe(ref block, s * Int8RowStore.BytesPerStep).AsSByte();
            var high = Vector256.LoadUnsafe(ref block, (s * Int8RowStore.BytesPerStep) + 32).AsSByte();
            ref var queries = ref Unsafe.Add(ref group, s * 16);

            var q = Vector256.Create(Unsafe.ReadUnaligned<int>(ref queries)).AsByte();
            a0 = AvxVnni.MultiplyWideningAndAdd(a0, q, low);
            b0 = AvxVnni.MultiplyWideningAndAdd(b0, q, high);
            q = Vector256.Create(Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref queries, 4))).AsByte();
            a1 = AvxVnni.MultiplyWideningAndAdd(a1, q, low);
            b1 = AvxVnni.MultiplyWideningAndAdd(b1, q, high);
            q = Vector256.Create(Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref queries, 8))).AsByte();
            a2 = AvxVnni.MultiplyWideningAndAdd(a2, q, low);
            b2 = AvxVnni.MultiplyWideningAndAdd(b2, q, high);
            q = Vector256.Create(Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref queries, 12))).AsByte();
            a3 = AvxVnni.MultiplyWideningAndAdd(a3, q, low);
            b3 = AvxVnni.MultiplyWideningAndAdd(b3, q, high);
        }

        a0.CopyTo(dots);
        b0.CopyTo(dots[8..]);
        a1.CopyTo(dots[16..]);
        b1.CopyTo(dots[24..]);
        a2.CopyTo(dots[32..]);
        b2.CopyTo(dots[40..]);
        a3.CopyTo(dots[48..]);
        b3.CopyTo(dots[56..]);
    }

    /// <summary>One contiguous quantised query against one block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void OneQuery(ref byte block, ref byte query, int steps, Span<int> dots)
    {
        // Two accumulators per half-block (even and odd steps) keep four independent chains in flight.
        Vector256<int> a0 = default, b0 = default, a1 = default, b1 = default;
        nuint s = 0;
        for (; s + 1 < (nuint)steps; s += 2)
        {
            var offset = s * Int8RowStore.BytesPerStep;
            var q = Vector256.Create(Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref query, s * 4))).AsByte();
            a0 = AvxVnni.MultiplyWideningAndAdd(a0, q, Vector256.LoadUnsafe(ref block, offset).AsSByte());
            b0 = AvxVnni.MultiplyWideningAndAdd(b0, q, Vector256.LoadUnsafe(ref block, offset + 32).AsSByte());
            q = Vector256.Create(Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref query, (s * 4) + 4))).AsByte();
            a1 = AvxVnni.MultiplyWideningAndAdd(a1, q, Vector256.LoadUnsafe(ref block, offset + 64).AsSByte());
            b1 = AvxVnni.MultiplyWideningAndAdd(b1, q, Vector256.LoadUnsafe(ref block, offset + 96).AsSByte());
        }

        if (s < (nuint)steps)
        {
            var offset = s * Int8RowStore.BytesPerStep;
            var q = Vector256.Create(Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref query, s * 4))).AsByte();
            a0 = AvxVnni.MultiplyWideningAndAdd(a0, q, Vector256.LoadUnsafe(ref block, offset).AsSByte());
            b0 = AvxVnni.MultiplyWideningAndAdd(b0, q, Vector256.LoadUnsafe(ref block, offset + 32).AsSByte());
        }

        (a0 + a1).CopyTo(dots);
        (b0 + b1).CopyTo(dots[8..]);
    }
}
