using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Onboarding;
using ShelfCloud.Infrastructure.Tenancy;

namespace ShelfCloud.Infrastructure.Captures;

/// <summary>
/// Inserts the capture rows of concurrent uploads together (group commit). While one transaction commits, the rows
/// that arrive queue up and go into the next one, so the uploads in flight share one commit (one WAL fsync on SQLite,
/// one round trip on SQL Server) instead of paying one each; with a single upload in flight a batch is that one row.
/// Rows are grouped by tenant and each group is written in a scope of its tenant, so the camera lookup stays behind
/// the tenant filter. When a group's transaction fails (an idempotency key that lost a race, a camera deleted
/// meanwhile), its rows are written again one by one, so each upload gets its own outcome. A row whose camera has
/// used its idempotency key already (in the database or earlier in the batch) is not inserted and fails with
/// <see cref="DuplicateIdempotencyKeyException"/> once the batch is committed.
/// </summary>
public sealed class CaptureRowWriter : IAsyncDisposable, IDisposable
{
    private const int MaxBatch = 128;

    private readonly TenantScopeFactory _tenants;
    private readonly Channel<PendingRow> _queue = Channel.CreateUnbounded<PendingRow>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    private int _commits;

    public CaptureRowWriter(TenantScopeFactory tenants)
    {
        _tenants = tenants;
        _loop = Task.Run(WriteUntilCompletedAsync);
    }

    /// <summary>
    /// Inserts the Pending capture in the caller's tenant and moves its camera's last-seen time to
    /// <paramref name="receivedAt"/>; completes when the row is committed, and fails with
    /// <see cref="NotFoundInTenantException"/> when the camera is not the tenant's. Deliberately not cancellable: once
    /// queued, the caller must learn whether the row was written, because the blob it points at may only be deleted
    /// when it was not.
    /// </summary>
    public Task InsertAsync(Guid tenantId, Capture capture, DateTimeOffset receivedAt)
    {
        var row = new PendingRow(tenantId, capture, receivedAt);
        if (!_queue.Writer.TryWrite(row))
            throw new ObjectDisposedException(nameof(CaptureRowWriter), "The capture writer has shut down.");
        return row.Committed.Task;
    }

    /// <summary>Transactions committed so far: with uploads in flight, fewer than the rows written.</summary>
    public int Commits => Volatile.Read(ref _commits);

    /// <summary>Stops taking rows and writes those already queued.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }

    /// <summary>The same for hosts disposed synchronously: a service provider refuses to dispose an async-only singleton.</summary>
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _loop.GetAwaiter().GetResult();
    }

    private async Task WriteUntilCompletedAsync()
    {
        var batch = new List<PendingRow>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var row))
                batch.Add(row);
            foreach (var tenantRows in batch.GroupBy(r => r.TenantId))
                await WriteAsync(tenantRows.Key, tenantRows.ToList());
        }
    }

    private async Task WriteAsync(Guid tenantId, List<PendingRow> rows)
    {
        try
        {
            var duplicates = await InsertTogetherAsync(tenantId, rows);
            // Only now that the first capture with the key is committed may the others look it up.
            foreach (var row in rows)
            {
                if (duplicates.Contains(row))
                    row.Committed.TrySetException(new DuplicateIdempotencyKeyException(row.Capture.IdempotencyKey!));
                else
                    row.Committed.TrySetResult();
            }
        }
        catch (Exception) when (rows.Count > 1)
        {
            foreach (var row in rows)
                await WriteAsync(tenantId, [row]);
        }
        catch (Exception e)
        {
            rows[0].Committed.TrySetException(e);
        }
    }

    /// <summary>Inserts the rows in one transaction, except those whose idempotency key the camera has used already: returned.</summary>
    private async Task<HashSet<PendingRow>> InsertTogetherAsync(Guid tenantId, List<PendingRow> rows)
    {
        await using var scope = _tenants.CreateScope(tenantId, "capture-upload");
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<ShelfCloudDbContext>>().CreateDbContextAsync();
        var cameraIds = rows.Select(r => r.Capture.CameraId).Distinct().ToList();
        var cameras = await db.Cameras.Where(c => cameraIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id);
        var usedKeys = await UsedIdempotencyKeysAsync(db, rows, cameraIds);
        var duplicates = new HashSet<PendingRow>();
        foreach (var row in rows)
        {
            // The camera was resolved from its key moments ago; if it has been deleted since, refuse rather than keep an orphan.
            var camera = cameras.GetValueOrDefault(row.Capture.CameraId) ?? throw new NotFoundInTenantException("Camera");
            // A retried upload racing its first attempt: refused here rather than by the unique index, whose violation
            // would fail the whole batch (and be logged as a database error) for an everyday event.
            if (row.Capture.IdempotencyKey is { } key && !usedKeys.Add((camera.Id, key)))
            {
                duplicates.Add(row);
                continue;
            }

            if (camera.LastSeenAt is null || camera.LastSeenAt < row.ReceivedAt)
                camera.LastSeenAt = row.ReceivedAt;
            db.Captures.Add(row.Capture);
        }

        await db.SaveChangesAsync();
        Interlocked.Increment(ref _commits);
        return duplicates;
    }

    private static async Task<HashSet<(Guid CameraId, string Key)>> UsedIdempotencyKeysAsync(
        ShelfCloudDbContext db, List<PendingRow> rows, List<Guid> cameraIds)
    {
        var keys = rows.Select(r => r.Capture.IdempotencyKey).OfType<string>().Distinct().ToList();
        if (keys.Count == 0)
            return [];
        var used = await db.Captures
            .Where(c => cameraIds.Contains(c.CameraId) && c.IdempotencyKey != null && keys.Contains(c.IdempotencyKey))
            .Select(c => new { c.CameraId, c.IdempotencyKey })
            .ToListAsync();
        return used.Select(u => (u.CameraId, u.IdempotencyKey!)).ToHashSet();
    }

    private sealed record PendingRow(Guid TenantId, Capture Capture, DateTimeOffset ReceivedAt)
    {
        public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>The camera already has a capture with this idempotency key: the upload's answer is that capture.</summary>
public sealed class DuplicateIdempotencyKeyException(string key)
    : DbUpdateException($"The camera already sent a capture with the idempotency key '{key}'.");
