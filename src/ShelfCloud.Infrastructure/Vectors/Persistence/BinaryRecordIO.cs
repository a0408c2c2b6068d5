using System.Runtime.InteropServices;
using ShelfCloud.Vision.Search;

namespace ShelfCloud.Infrastructure.Vectors.Persistence;

/// <summary>Reads and writes the pieces shared by snapshots and write logs (little-endian).</summary>
internal static class BinaryRecordIO
{
    public static void WriteGuid(this BinaryWriter writer, Guid value)
    {
        Span<byte> bytes = stackalloc byte[16];
        value.TryWriteBytes(bytes);
        writer.Write(bytes);
    }

    public static Guid ReadGuid(this BinaryReader reader)
    {
        Span<byte> bytes = stackalloc byte[16];
        reader.ReadExactly(bytes);
        return new Guid(bytes);
    }

    public static void WriteFields(this BinaryWriter writer, in PointFields fields)
    {
        writer.WriteGuid(fields.SkuId);
        writer.WriteGuid(fields.StoreId ?? Guid.Empty);
        writer.Write((byte)fields.Source);
        writer.Write(fields.Category is not null);
        if (fields.Category is not null)
        {
            writer.Write(fields.Category);
        }
    }

    public static PointFields ReadFields(this BinaryReader reader)
    {
        var sku = reader.ReadGuid();
        var store = reader.ReadGuid();
        var source = (VectorSource)reader.ReadByte();
        var category = reader.ReadBoolean() ? reader.ReadString() : null;
        return new PointFields(sku, store == Guid.Empty ? null : store, category, source);
    }

    public static void WriteFloats(this BinaryWriter writer, ReadOnlySpan<float> values) => writer.Write(MemoryMarshal.AsBytes(values));

    public static void ReadFloats(this BinaryReader reader, Span<float> values) => reader.ReadExactly(MemoryMarshal.AsBytes(values));

    public static void ReadExactly(this BinaryReader reader, Span<byte> buffer)
    {
        while (buffer.Length > 0)
        {
            var read = reader.Read(buffer);
            if (read == 0)
            {
                throw new EndOfStreamException();
            }

            buffer = buffer[read..];
        }
    }
}
