using System.Buffers.Binary;

namespace ShelfCloud.Infrastructure.Vectors.Persistence;

/// <summary>
/// FNV-1a over 8-byte words: cheap, stable across processes, and enough to tell a torn or garbled
/// log record from a whole one (it is not a defence against tampering).
/// </summary>
internal static class RecordChecksum
{
    private const ulong Offset = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    public static ulong Compute(ReadOnlySpan<byte> data)
    {
        var hash = Offset;
        while (data.Length >= 8)
        {
            hash = (hash ^ BinaryPrimitives.ReadUInt64LittleEndian(data)) * Prime;
            data = data[8..];
        }

        foreach (var b in data)
        {
            hash = (hash ^ b) * Prime;
        }

        return hash;
    }
}
