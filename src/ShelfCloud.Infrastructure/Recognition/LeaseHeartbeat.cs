using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Jobs;
using ShelfCloud.Infrastructure.Tenancy;

namespace ShelfCloud.Infrastructure.Recognition;

/// <summary>
/// Keeps the leases of the claims this node holds alive while their batches wait in the queue and run: every third of
/// <see cref="JobOptions.LeaseSeconds"/> each held claim's captures get a fresh lease, guarded by the claim's
/// <c>Version</c>. Leases can therefore be short (30 s): a node that dies stops renewing, and its captures are claimed
/// again within a lease, instead of waiting out a lease long enough for the slowest batch. A batch whose renewal finds
/// nothing (recorded, or claimed again elsewhere) is dropped. Also the node's claim bound: the captures it holds.
/// </summary>
public sealed class LeaseHeartbeat(TenantScopeFactory scopes, IOptions<JobOptions> options, TimeProvider clock, ILogger<LeaseHeartbeat> logger)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, (Guid TenantId, Guid[] Versions)> _held = [];

    /// <summary>Captures whose claims this node holds (queued or running).</summary>
    public int HeldCaptures
    {
        get
        {
            lock (_lock)
                return _held.Values.Sum(batch => batch.Versions.Length);
        }
    }

    public void Hold(Guid tenantId, IReadOnlyList<CaptureClaim> claims)
    {
        lock (_lock)
            _held[Key(claims)] = (tenantId, claims.Select(c => c.Version).ToArray());
    }

    public void Release(IReadOnlyList<CaptureClaim> claims)
    {
        lock (_lock)
            _held.Remove(Key(claims));
    }

    /// <summary>Renews every held claim's leases once; returns how many captures got a fresh lease.</summary>
    public async Task<int> RenewAsync(CancellationToken ct)
    {
        KeyValuePair<Guid, (Guid TenantId, Guid[] Versions)>[] batches;
        lock (_lock)
            batches = [.. _held];
        var renewed = 0;
        foreach (var (key, (tenantId, versions)) in batches)
        {
            await using var scope = scopes.CreateScope(tenantId, "jobs");
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<ShelfCloudDbContext>>().CreateDbContextAsync(ct);
            var until = clock.GetUtcNow() + options.Value.Lease;
            var rows = await db.Captures
                .Where(c => versions.Contains(c.Version) && c.Status == CaptureStatus.Processing && c.LeaseUntil < until)
                .ExecuteUpdateAsync(set => set.SetProperty(c => c.LeaseUntil, until), ct);
            renewed += rows;
            if (rows == 0 && !await StillOwnedAsync(db, versions, ct))
            {
                lock (_lock)
                    _held.Remove(key);
            }
        }

        if (renewed > 0)
            logger.LogDebug("Renewed the leases of {Count} claimed capture(s)", renewed);
        return renewed;
    }

    private static Task<bool> StillOwnedAsync(ShelfCloudDbContext db, Guid[] versions, CancellationToken ct) =>
        db.Captures.AnyAsync(c => versions.Contains(c.Version) && c.Status == CaptureStatus.Processing, ct);

    // A claim's versions are fresh GUIDs, so the first one names the batch.
    private static Guid Key(IReadOnlyList<CaptureClaim> claims) => claims[0].Version;
}

/// <summary>Runs <see cref="LeaseHeartbeat.RenewAsync"/> every third of the lease on nodes that run jobs.</summary>
internal sealed class LeaseHeartbeatLoop(LeaseHeartbeat heartbeat, IOptions<JobOptions> options, TimeProvider clock, ILogger<LeaseHeartbeatLoop> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(Math.Max(1, options.Value.LeaseSeconds / 3.0));
        using var timer = new PeriodicTimer(interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await heartbeat.RenewAsync(stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(e, "Renewing capture leases failed; trying again in {Interval}", interval);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the leases run out and another node takes the captures over.
        }
    }
}
