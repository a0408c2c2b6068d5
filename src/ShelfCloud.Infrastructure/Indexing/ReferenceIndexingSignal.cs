using System.Collections.Concurrent;
using Hangfire;

namespace ShelfCloud.Infrastructure.Indexing;

/// <summary>
/// Enqueues <see cref="ReferenceIndexingJob"/>s. An upload always enqueues one, so a new SKU's images are searchable
/// within seconds; the dispatcher's periodic request is skipped while this node enqueued one for the tenant recently
/// (the job works until nothing is left, and indexing twice is harmless but wasteful). The mark is cleared when the job
/// ends on this node and expires after <see cref="QuietPeriod"/>, for jobs that another node ran. Jobs of one tenant run
/// one at a time on a node (<see cref="EnterAsync"/>): a burst of uploads enqueues many, and the later ones then find
/// the work done instead of embedding the same images side by side.
/// </summary>
public sealed class ReferenceIndexingSignal(IBackgroundJobClient jobs, TimeProvider clock)
{
    /// <summary>How long a periodic request is skipped after a job was enqueued for the tenant.</summary>
    public static readonly TimeSpan QuietPeriod = TimeSpan.FromMinutes(2);

    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _enqueuedAt = new();
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _running = new();

    /// <summary>Waits until no other indexing job of the tenant runs on this node; dispose the result to let the next one in.</summary>
    public async Task<IDisposable> EnterAsync(Guid tenantId, CancellationToken ct)
    {
        var gate = _running.GetOrAdd(tenantId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        return new Exit(gate);
    }

    /// <summary>Enqueues an indexing job for the tenant now.</summary>
    public void Kick(Guid tenantId)
    {
        _enqueuedAt[tenantId] = clock.GetUtcNow();
        jobs.Enqueue<ReferenceIndexingJob>(job => job.RunAsync(tenantId, CancellationToken.None));
    }

    /// <summary>Enqueues an indexing job unless this node enqueued one for the tenant within <see cref="QuietPeriod"/>.</summary>
    public void KickUnlessBusy(Guid tenantId)
    {
        var now = clock.GetUtcNow();
        if (_enqueuedAt.TryGetValue(tenantId, out var at) && now - at < QuietPeriod)
            return;
        Kick(tenantId);
    }

    /// <summary>Called by the job when it ends, whatever the outcome.</summary>
    internal void Finished(Guid tenantId) => _enqueuedAt.TryRemove(tenantId, out _);

    private sealed class Exit(SemaphoreSlim gate) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
                gate.Release();
        }
    }
}
