using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ShelfCloud.Infrastructure.Alerts;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Tenancy;

namespace ShelfCloud.Infrastructure.CameraHealth;

/// <summary>
/// Reports cameras going offline (nothing for two of their capture intervals) and coming back, once per change, as
/// <c>camera_health</c> events (notification and webhooks). A camera that never sent a photo is not reported: it is
/// being installed, not failing.
/// </summary>
public sealed class CameraOfflineWatch(
    IServiceScopeFactory scopes, TenantSweep sweep, TimeProvider clock, ILogger<CameraOfflineWatch> logger) : IMinuteWatch
{
    public string Name => "Checking cameras for going offline";

    /// <summary>Checks every camera of every tenant; returns how many changes were reported.</summary>
    public async Task<int> CheckAsync(CancellationToken ct = default)
    {
        List<Guid> tenants;
        await using (var scope = scopes.CreateAsyncScope())
        {
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<ShelfCloudDbContext>>().CreateDbContextAsync(ct);
            // A platform query: which tenants have cameras that were seen; each is checked inside its own tenant's scope.
            tenants = await db.Cameras.IgnoreQueryFilters([ShelfCloudDbContext.TenantFilter])
                .Where(c => !c.IsRevoked && c.LastSeenAt != null).Select(c => c.TenantId).Distinct().ToListAsync(ct);
        }

        return await sweep.ForEachAsync(tenants, "camera-watch", services => CheckTenantAsync(services, ct));
    }

    private async Task<int> CheckTenantAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<ShelfCloudDbContext>();
        var outbox = services.GetRequiredService<AlertOutbox>();
        var now = clock.GetUtcNow();
        var cameras = await db.Cameras.Include(c => c.Shelf!).ThenInclude(s => s.Store).Where(c => !c.IsRevoked && c.LastSeenAt != null).ToListAsync(ct);
        var audience = await AlertAudience.LoadAsync(db, now, ct);
        var changes = 0;
        foreach (var camera in cameras)
        {
            var online = CameraPresence.IsOnline(camera.LastSeenAt, camera.CaptureIntervalMinutes, now);
            if (online == (camera.OfflineSince is null))
                continue;
            camera.OfflineSince = online ? null : now;
            new CameraHealthChange(
                camera.Id, camera.Name, camera.Shelf?.StoreId, camera.Shelf?.Store?.Name, camera.ShelfId, camera.Shelf?.Name,
                online ? CameraHealthChange.Ok : CameraHealthChange.Offline, online ? [] : [CameraHealthChange.Offline], null, camera.LastSeenAt)
                .Enqueue(outbox, db, audience);
            changes++;
        }

        await db.SaveChangesAsync(ct);
        if (changes > 0)
            logger.LogInformation("{Changes} camera(s) went offline or came back", changes);
        return changes;
    }
}
