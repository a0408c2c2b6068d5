using System.Buffers.Binary;

namespace ShelfCloud.Infrastructure.Vectors.Persistence;

/// <summary>
/// A tenant's append-only write log. Each record is [int32 length][uint64 checksum][body] and is
/// flushed to disk before the write it describes is applied in memory. A record cut short by a crash
/// fails its length or checksum check and is dropped, with everything after it, on the next start.
/// </summary>
internal sealed class SegmentLogFile(string path) : IDisposable
{
    private const int HeaderBytes = sizeof(int) + sizeof(ulong);
    private FileStream? _stream;

    public string Path { get; } = path;

    public long Length => _stream?.Length ?? (File.Exists(Path) ? new FileInfo(Path).Length : 0);

    public void Append(ReadOnlySpan<byte> body)
    {
        Span<byte> header = stackalloc byte[HeaderBytes];
        BinaryPrimitives.WriteInt32LittleEndian(header, body.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(header[sizeof(int)..], RecordChecksum.Compute(body));
        _stream ??= new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read, 1, FileOptions.None);
        _stream.Write(header);
        _stream.Write(body);
        _stream.Flush(flushToDisk: true);
    }

    /// <summary>Calls <paramref name="apply"/> for every whole record, then cuts off any torn tail.</summary>
    public void Replay(Action<byte[]> apply)
    {
        if (!File.Exists(Path))
        {
            return;
        }

        long validEnd = 0;
        using (var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
        {
            Span<byte> header = stackalloc byte[HeaderBytes];
            while (stream.Length - stream.Position >= HeaderBytes)
            {
                stream.ReadExactly(header);
                var length = BinaryPrimitives.ReadInt32LittleEndian(header);
                if (length <= 0 || length > stream.Length - stream.Position)
                {
                    break;
                }

                var body = new byte[length];
                stream.ReadExactly(body);
                if (RecordChecksum.Compute(body) != BinaryPrimitives.ReadUInt64LittleEndian(header[sizeof(int)..]))
                {
                    break;
                }

                apply(body);
                validEnd = stream.Position;
            }
        }

        if (validEnd < new FileInfo(Path).Length)
        {
            using var truncate = new FileStream(Path, FileMode.Open, FileAccess.Write, FileShare.None);
            truncate.SetLength(validEnd);
        }
    }

    /// <summary>Removes the log once its records are part of a snapshot.</summary>
    public void Delete()
    {
        Dispose();
        File.Delete(Path);
    }

    public void Dispose()
    {
        _stream?.Dispose();
        _stream = null;
    }
}
