using ShelfCloud.Vision.Search;

namespace ShelfCloud.Infrastructure.Vectors.Persistence;

/// <summary>
/// Keeps one tenant's segment on disk: a snapshot plus a write log of what happened since. Writes are
/// logged before they are applied; once the log outgrows both the threshold and the snapshot, the
/// segment is written as a new snapshot and the log is dropped.
/// </summary>
internal sealed class SegmentJournal : IDisposable
{
    public const string SnapshotExtension = ".segment";
    public const string LogExtension = ".log";

    private readonly string _snapshotPath;
    private readonly SegmentLogFile _log;
    private readonly long _compactionThresholdBytes;

    public SegmentJournal(string directory, Guid tenantId, long compactionThresholdBytes)
    {
        _snapshotPath = System.IO.Path.Combine(directory, tenantId.ToString("N") + SnapshotExtension);
        _log = new SegmentLogFile(System.IO.Path.Combine(directory, tenantId.ToString("N") + LogExtension));
        _compactionThresholdBytes = compactionThresholdBytes;
    }

    /// <summary>The snapshot with the log replayed over it; null when the tenant has never stored a vector.</summary>
    public SegmentRows? Load(bool float16)
    {
        var rows = File.Exists(_snapshotPath) ? SegmentSnapshotFile.Read(_snapshotPath, float16) : null;
        _log.Replay(body =>
        {
            using var reader = new BinaryReader(new MemoryStream(body, writable: false));
            rows = SegmentLogRecord.Apply(reader, rows, float16);
        });
        return rows;
    }

    public void LogUpsert(IReadOnlyList<VectorPoint> points) => Append(writer => SegmentLogRecord.WriteUpsert(writer, points));

    public void LogDelete(IReadOnlyCollection<Guid> ids) => Append(writer => SegmentLogRecord.WriteDelete(writer, ids));

    public void CompactIfDue(SegmentRows rows)
    {
        var logBytes = _log.Length;
        var snapshotBytes = File.Exists(_snapshotPath) ? new FileInfo(_snapshotPath).Length : 0;
        if (logBytes < _compactionThresholdBytes || logBytes < snapshotBytes)
        {
            return;
        }

        SegmentSnapshotFile.Write(_snapshotPath, rows);
        _log.Delete();
    }

    public void Dispose() => _log.Dispose();

    private void Append(Action<BinaryWriter> write)
    {
        using var body = new MemoryStream();
        using (var writer = new BinaryWriter(body, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            write(writer);
        }

        _log.Append(body.GetBuffer().AsSpan(0, (int)body.Length));
    }
}
