using ShelfCloud.Vision.Search;

namespace ShelfCloud.Infrastructure.Vectors.Persistence;

/// <summary>
/// Bodies of write-log records. Replaying them is idempotent (an upsert replaces by id, a delete of a
/// missing id does nothing), so a log that survives a crash after its snapshot was rewritten is harmless.
/// </summary>
internal static class SegmentLogRecord
{
    private const byte UpsertKind = 1;
    private const byte DeleteKind = 2;

    public static void WriteUpsert(BinaryWriter writer, IReadOnlyList<VectorPoint> points)
    {
        writer.Write(UpsertKind);
        writer.Write(points[0].Vector.Length);
        writer.Write(points.Count);
        foreach (var point in points)
        {
            writer.WriteGuid(point.Id);
            writer.WriteFields(PointFields.From(point.Payload));
            writer.WriteFloats(point.Vector);
        }
    }

    public static void WriteDelete(BinaryWriter writer, IReadOnlyCollection<Guid> ids)
    {
        writer.Write(DeleteKind);
        writer.Write(ids.Count);
        foreach (var id in ids)
        {
            writer.WriteGuid(id);
        }
    }

    /// <summary>Applies one record body to <paramref name="rows"/>, creating them on the first upsert.</summary>
    public static SegmentRows? Apply(BinaryReader reader, SegmentRows? rows, bool float16)
    {
        var kind = reader.ReadByte();
        switch (kind)
        {
            case UpsertKind:
                var dimension = reader.ReadInt32();
                var count = reader.ReadInt32();
                rows ??= new SegmentRows(dimension, float16);
                var vector = new float[dimension];
                for (var i = 0; i < count; i++)
                {
                    var id = reader.ReadGuid();
                    var fields = reader.ReadFields();
                    reader.ReadFloats(vector);
                    rows.Upsert(id, vector, fields);
                }

                return rows;
            case DeleteKind:
                var deletes = reader.ReadInt32();
                for (var i = 0; i < deletes; i++)
                {
                    rows?.Remove(reader.ReadGuid());
                }

                return rows;
            default:
                throw new InvalidDataException($"Unknown vector log record kind {kind}.");
        }
    }
}
