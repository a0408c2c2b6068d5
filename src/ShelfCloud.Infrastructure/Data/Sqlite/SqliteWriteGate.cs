using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace ShelfCloud.Infrastructure.Data.Sqlite;

/// <summary>
/// Lets one <c>SaveChanges</c> of this process write to the SQLite file at a time; the others wait, in arrival order,
/// on an asynchronous gate. SQLite admits a single writer anyway: without the gate, concurrent savers find the file
/// locked and Microsoft.Data.Sqlite retries them after ~150 ms sleeps, so under 32 concurrent uploads a save mostly
/// waits for sleeps, not for the disk. Saves inside an explicit transaction are not gated: that transaction may
/// already hold the write lock, and making its next save wait behind a saver that waits for that lock would deadlock.
/// Other processes on the same file are covered by <see cref="SqliteBusyTimeout"/>.
/// </summary>
public sealed class SqliteWriteGate : SaveChangesInterceptor
{
    private static readonly object Held = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConditionalWeakTable<DbContext, object> _holders = new();
    private readonly bool _enabled;
    private readonly EventHandler<SaveChangesFailedEventArgs> _onFailed;
    private readonly EventHandler<SavedChangesEventArgs> _onSaved;

    /// <summary>Creates the gate; it lets every save through when <see cref="SqliteWriteOptions.SerializeWrites"/> is off.</summary>
    public SqliteWriteGate(IOptions<SqliteWriteOptions> options)
    {
        _enabled = options.Value.SerializeWrites;
        _onFailed = (sender, _) => Leave(sender as DbContext);
        _onSaved = (sender, _) => Leave(sender as DbContext);
    }

    /// <inheritdoc />
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (ShouldGate(eventData.Context) is { } context)
        {
            _gate.Wait();
            Enter(context);
        }

        return result;
    }

    /// <inheritdoc />
    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (ShouldGate(eventData.Context) is { } context)
        {
            await _gate.WaitAsync(cancellationToken);
            Enter(context);
        }

        return result;
    }

    /// <inheritdoc />
    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Leave(eventData.Context);
        return result;
    }

    /// <inheritdoc />
    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Leave(eventData.Context);
        return ValueTask.FromResult(result);
    }

    /// <inheritdoc />
    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Leave(eventData.Context);

    /// <inheritdoc />
    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Leave(eventData.Context);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override void SaveChangesCanceled(DbContextEventData eventData) => Leave(eventData.Context);

    /// <inheritdoc />
    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Leave(eventData.Context);
        return Task.CompletedTask;
    }

    private DbContext? ShouldGate(DbContext? context) =>
        _enabled && context is not null && context.Database.CurrentTransaction is null ? context : null;

    // EF does not call the interceptor's failure callback when a save ends in DbUpdateConcurrencyException, but the
    // context raises its SaveChangesFailed event on every failed save: the gate is released by whichever comes first.
    private void Enter(DbContext context)
    {
        _holders.AddOrUpdate(context, Held);
        context.SaveChangesFailed += _onFailed;
        context.SavedChanges += _onSaved;
    }

    // Only a context that entered releases, once: a save cancelled while waiting never held the gate.
    private void Leave(DbContext? context)
    {
        if (context is null || !_holders.Remove(context))
            return;
        context.SaveChangesFailed -= _onFailed;
        context.SavedChanges -= _onSaved;
        _gate.Release();
    }
}
