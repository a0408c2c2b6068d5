using ShelfCloud.Infrastructure.Vectors.Persistence;
using ShelfCloud.Vision.Search;

namespace ShelfCloud.Infrastructure.Vectors;

/// <summary>
/// One tenant's rows behind a reader/writer lock: searches run side by side, a write waits for them
/// and blocks them only while it logs and applies itself. A tenant's scan only ever touches its own
/// buffers.
/// </summary>
internal sealed class TenantSegment : IDisposable
{
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly SegmentJournal? _journal;
    private readonly bool _float16;
    private SegmentRows? _rows;

    public TenantSegment(bool float16, SegmentJournal? journal)
    {
        _float16 = float16;
        _journal = journal;
        _rows = journal?.Load(float16);
    }

    /// <summary>Runs <paramref name="read"/> under the read lock; <paramref name="empty"/> when nothing was ever stored.</summary>
    public T Read<T>(Func<SegmentRows, T> read, T empty)
    {
        _lock.EnterReadLock();
        try
        {
            return _rows is null || _rows.Count == 0 ? empty : read(_rows);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public void Upsert(IReadOnlyList<VectorPoint> points)
    {
        _lock.EnterWriteLock();
        try
        {
            var dimension = _rows?.Dimension ?? points[0].Vector.Length;
            foreach (var point in points)
            {
                if (point.Vector.Length != dimension)
                {
                    throw new ArgumentException(
                        $"Vector of point {point.Id} has {point.Vector.Length} dimensions; this tenant's vectors have {dimension}.", nameof(points));
                }
            }

            _journal?.LogUpsert(points);
            _rows ??= new SegmentRows(dimension, _float16);
            foreach (var point in points)
            {
                _rows.Upsert(point.Id, point.Vector, PointFields.From(point.Payload));
            }

            _journal?.CompactIfDue(_rows);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Deletes the rows with these ids; returns how many existed.</summary>
    public int DeleteIds(IReadOnlyCollection<Guid> ids) =>
        Delete(rows => ids.Where(id => rows.Payloads.TryGetRow(id, out _)).Distinct().ToList());

    /// <summary>Deletes every row the filter matches; returns how many went.</summary>
    public int DeleteMatching(VectorFilter filter) => Delete(rows => MatchingIds(rows, filter));

    public void Dispose()
    {
        _journal?.Dispose();
        _lock.Dispose();
    }

    private int Delete(Func<SegmentRows, List<Guid>> selectIds)
    {
        _lock.EnterWriteLock();
        try
        {
            var ids = _rows is null ? [] : selectIds(_rows);
            if (_rows is null || ids.Count == 0)
            {
                return 0;
            }

            _journal?.LogDelete(ids);
            foreach (var id in ids)
            {
                _rows.Remove(id);
            }

            _journal?.CompactIfDue(_rows);
            return ids.Count;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    private static List<Guid> MatchingIds(SegmentRows rows, VectorFilter filter)
    {
        var onRows = new StoredPayloadFilter(filter, rows.Payloads);
        var ids = new List<Guid>();
        for (var row = 0; row < rows.Count; row++)
        {
            if (onRows.Matches(rows.Payloads.PayloadAt(row)))
            {
                ids.Add(rows.Payloads.IdAt(row));
            }
        }

        return ids;
    }
}
