using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Indexing;
using ShelfCloud.Infrastructure.Jobs;
using ShelfCloud.Infrastructure.Models;

namespace ShelfCloud.Infrastructure.Recognition;

/// <summary>
/// Turns the database's claimable work into Hangfire jobs; the database, not the job queue, is the record of what is
/// left to do. Each run claims batches of captures tenant by tenant (round robin) and enqueues one
/// <see cref="RecognizeCapturesJob"/> per batch, until <see cref="JobOptions.MaxQueuedBatches"/> wait in the
/// recognition queue; and it enqueues a <see cref="ReferenceIndexingJob"/> for each tenant whose reference images are
/// not yet in the index of the active embedder. Without usable models it claims nothing and says so in the log.
/// Safe to run on many nodes at once: claims are exclusive.
/// </summary>
public sealed class CaptureDispatcher(
    IServiceScopeFactory scopes,
    CaptureClaimer claimer,
    RecognitionModels engine,
    IBackgroundJobClient jobs,
    JobStorage storage,
    ReferenceIndexingSignal referenceIndexing,
    LeaseHeartbeat leases,
    IOptions<JobOptions> options,
    TimeProvider clock,
    ILogger<CaptureDispatcher> logger)
{
    private static readonly TimeSpan WarningInterval = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How often a run looks for tenants with images or annotated crops to (re-)index. Uploads kick their own indexing
    /// job; the sweep is for a changed embedder and lost kicks, and it scans whole tables, so it does not run every time
    /// uploads wake the dispatcher.
    /// </summary>
    public static readonly TimeSpan IndexingSweepInterval = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _oneClaimingRun = new(1);
    private DateTimeOffset _lastWarning = DateTimeOffset.MinValue;
    private DateTimeOffset _lastIndexingSweep = DateTimeOffset.MinValue;

    /// <summary>One dispatcher run; returns how many capture batches it enqueued.</summary>
    public async Task<int> DispatchAsync(CancellationToken ct = default)
    {
        var embedder = await engine.TryGetEmbedderAsync(ct);
        var now = clock.GetUtcNow();
        if (embedder is not null && now - _lastIndexingSweep >= IndexingSweepInterval)
        {
            _lastIndexingSweep = now;
            await DispatchReferenceIndexingAsync(embedder, ct);
        }

        if (await engine.TryGetRecognitionAsync(ct) is null)
        {
            await WarnModelsMissingAsync(ct);
            return 0;
        }

        return await DispatchCapturesAsync(ct);
    }

    /// <summary>
    /// The captures one node may hold claimed: the batches that may wait in the queue plus those its workers run. Runs of
    /// the dispatcher on one node take turns, so two of them (a kick and the periodic run) cannot both fill the queue.
    /// </summary>
    public int ClaimBound => (options.Value.MaxQueuedBatches + options.Value.WorkerCount) * options.Value.BatchSize;

    private async Task<int> DispatchCapturesAsync(CancellationToken ct)
    {
        await _oneClaimingRun.WaitAsync(ct);
        try
        {
            return await ClaimAndEnqueueAsync(ct);
        }
        finally
        {
            _oneClaimingRun.Release();
        }
    }

    private async Task<int> ClaimAndEnqueueAsync(CancellationToken ct)
    {
        var settings = options.Value;
        var capacity = settings.MaxQueuedBatches - (int)Math.Min(int.MaxValue, storage.GetMonitoringApi().EnqueuedCount(JobQueues.Recognition));
        var enqueued = 0;
        while (capacity > 0 && leases.HeldCaptures + settings.BatchSize <= ClaimBound)
        {
            var progressed = false;
            foreach (var tenantId in await TenantsWithClaimableCapturesAsync(ct))
            {
                if (capacity == 0 || leases.HeldCaptures + settings.BatchSize > ClaimBound)
                    break;
                var claims = await claimer.ClaimAsync(tenantId, settings.BatchSize, ct);
                if (claims.Count == 0)
                    continue;
                leases.Hold(tenantId, claims);
                jobs.Enqueue<RecognizeCapturesJob>(job => job.RunAsync(tenantId, claims.ToArray(), CancellationToken.None));
                capacity--;
                enqueued++;
                progressed = true;
            }

            if (!progressed)
                break;
        }

        if (enqueued > 0)
            logger.LogDebug("Enqueued {Batches} recognition batch(es)", enqueued);
        return enqueued;
    }

    private async Task<List<Guid>> TenantsWithClaimableCapturesAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<ShelfCloudDbContext>>().CreateDbContextAsync(ct);
        // A platform query: the dispatcher works for every tenant, then claims inside each tenant's scope.
        return await db.Captures.IgnoreQueryFilters([ShelfCloudDbContext.TenantFilter])
            .Where(CaptureClaimer.Claimable(clock.GetUtcNow()))
            .Select(c => c.TenantId).Distinct().ToListAsync(ct);
    }

    private async Task DispatchReferenceIndexingAsync(ActiveEmbedder embedder, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<ShelfCloudDbContext>>().CreateDbContextAsync(ct);
        var tenants = await db.ReferenceImages.IgnoreQueryFilters([ShelfCloudDbContext.TenantFilter])
            .Where(ReferenceIndexer.NeedsIndexing(embedder.VersionId))
            .Select(r => r.TenantId).Distinct().ToListAsync(ct);
        tenants.AddRange(await db.Annotations.IgnoreQueryFilters([ShelfCloudDbContext.TenantFilter])
            .Where(AnnotationSearchSpace.NeedsEmbedding(embedder.VersionId))
            .Select(a => a.TenantId).Distinct().ToListAsync(ct));
        foreach (var tenantId in tenants.Distinct())
            referenceIndexing.KickUnlessBusy(tenantId);
    }

    private async Task WarnModelsMissingAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (now - _lastWarning < WarningInterval)
            return;
        _lastWarning = now;
        await using var scope = scopes.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<ShelfCloudDbContext>>().CreateDbContextAsync(ct);
        var pending = await db.Captures.IgnoreQueryFilters([ShelfCloudDbContext.TenantFilter]).CountAsync(CaptureClaimer.Claimable(now), ct);
        logger.LogWarning(
            "Recognition models are not available, so no capture is recognised: {Problem} {Pending} capture(s) stay Pending until the models are configured.",
            engine.Problem, pending);
    }
}
