namespace ShelfCloud.Infrastructure.Vectors.Persistence;

/// <summary>
/// A tenant's whole segment in one file: header, category names, then per row the id, payload and
/// exact vector (fp32 or fp16 as stored). Written to a temporary file, flushed, then renamed over the
/// old snapshot, so a reader sees either the old or the new file, never a mix. The int8 copy is
/// rebuilt on load.
/// </summary>
internal static class SegmentSnapshotFile
{
    private const int Magic = 0x53564353; // "SCVS"
    private const int Version = 1;

    public static void Write(string path, SegmentRows rows)
    {
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(Magic);
            writer.Write(Version);
            writer.Write(rows.Dimension);
            writer.Write(rows.Exact.IsFloat16);
            writer.Write(rows.Count);
            var raw = rows.Exact.RawRows(rows.Count);
            var rowBytes = rows.Exact.BytesPerRow;
            for (var row = 0; row < rows.Count; row++)
            {
                writer.WriteGuid(rows.Payloads.IdAt(row));
                writer.WriteFields(rows.Payloads.FieldsAt(row));
                writer.Write(raw.Slice(row * rowBytes, rowBytes));
            }

            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads a snapshot into rows stored as <paramref name="float16"/> asks, converting if needed.</summary>
    public static SegmentRows Read(string path, bool float16)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var reader = new BinaryReader(stream);
        if (reader.ReadInt32() != Magic || reader.ReadInt32() != Version)
        {
            throw new InvalidDataException($"{path} is not a vector segment snapshot of version {Version}.");
        }

        var dimension = reader.ReadInt32();
        var storedAsFloat16 = reader.ReadBoolean();
        var count = reader.ReadInt32();
        var rows = new SegmentRows(dimension, float16);
        var vector = new float[dimension];
        var halves = new Half[storedAsFloat16 ? dimension : 0];
        for (var i = 0; i < count; i++)
        {
            var id = reader.ReadGuid();
            var fields = reader.ReadFields();
            if (storedAsFloat16)
            {
                reader.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(halves.AsSpan()));
                System.Numerics.Tensors.TensorPrimitives.ConvertToSingle(halves, vector);
            }
            else
            {
                reader.ReadFloats(vector);
            }

            rows.Upsert(id, vector, fields);
        }

        return rows;
    }
}
