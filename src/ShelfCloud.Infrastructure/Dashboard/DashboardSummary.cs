using Microsoft.EntityFrameworkCore;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Captures.Quality;
using ShelfCloud.Domain.Recognition;
using ShelfCloud.Infrastructure.Availability;
using ShelfCloud.Infrastructure.CameraHealth;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Share;

namespace ShelfCloud.Infrastructure.Dashboard;

/// <summary>
/// Computes the overview page's figures for the current tenant from the per-capture figures (latest capture per shelf
/// through the shelf/time index), the events and the cameras; never from the detections.
/// </summary>
public sealed class DashboardSummary(IDbContextFactory<ShelfCloudDbContext> dbFactory, ShareOfShelfService share, TimeProvider clock)
{
    /// <summary>Days of share of shelf on a supplier's overview.</summary>
    public const int SupplierShareDays = 7;

    /// <summary>The store monitors' overview.</summary>
    public async Task<TenantDashboard> GetAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stores = await db.Stores.AsNoTracking().OrderBy(s => s.Name).Select(s => new { s.Id, s.Name }).ToListAsync(ct);
        var shelves = await LatestPerShelfAsync(db, ct);
        var openEvents = await db.OutOfStockEvents.AsNoTracking().Where(e => e.ClearedAt == null)
            .GroupBy(e => e.StoreId).Select(g => new { StoreId = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.StoreId, g => g.Count, ct);
        var cameras = await CamerasAsync(db, now, ct);
        var trend = await AcceptanceTrendAsync(db, now, ct);

        var byStore = stores.Select(store =>
        {
            var own = shelves.Where(s => s.StoreId == store.Id).ToList();
            return new StoreOverview(store.Id, store.Name, own.Count, Pool(own), openEvents.GetValueOrDefault(store.Id),
                cameras.Count(c => c.StoreId == store.Id && !c.Online));
        }).ToList();
        return new TenantDashboard(
            stores.Count, shelves.Count, cameras.Count, cameras.Count(c => c.Online),
            Pool(shelves), shelves.Count(s => s.Products is not null), openEvents.Values.Sum(), shelves.Sum(s => s.UnknownProducts ?? 0),
            await db.CaptureShelfStats.CountAsync(s => s.TakenAt >= now.AddHours(-24), ct),
            await db.CaptureShelfStats.CountAsync(s => s.TakenAt >= now.AddDays(-7), ct),
            // One equality per status, so each count is a seek on the status index rather than a scan of the tenant's captures.
            await db.Captures.CountAsync(c => c.Status == CaptureStatus.Pending, ct) + await db.Captures.CountAsync(c => c.Status == CaptureStatus.Processing, ct),
            await db.Captures.CountAsync(c => c.Status == CaptureStatus.Failed, ct),
            new AcceptanceRate(trend.Sum(d => d.Rate.Accepted), trend.Sum(d => d.Rate.Reviewed)), trend, byStore,
            cameras.Where(c => !c.Online).OrderBy(c => c.StoreName).ThenBy(c => c.Name)
                .Select(c => new OfflineCamera(c.Id, c.Name, c.StoreName, c.ShelfName, c.LastSeenAt)).ToList())
        {
            CamerasNeedingAttention = cameras.Count(c => c.Online && c.LatestPoor),
        };
    }

    /// <summary>A supplier's overview: its share of shelf over the last week, as <see cref="ShareOfShelfService"/> lets it see.</summary>
    public Task<ShareOfShelfReport> GetSupplierShareAsync(CancellationToken ct = default) =>
        share.GetAsync(ShareOfShelfQuery.LastDays(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), SupplierShareDays), ct);

    private sealed record ShelfLatest(Guid ShelfId, Guid StoreId, int? Products, int? EmptyFacings, int? UnknownProducts);

    private sealed record CameraState(Guid Id, string Name, Guid StoreId, string StoreName, string ShelfName, DateTimeOffset? LastSeenAt, bool Online, bool LatestPoor);

    // Scalar subqueries, each a LIMIT 1 seek on (TenantId, ShelfId, TakenAt): one index probe per shelf, however long
    // the shelf's history is.
    private static async Task<List<ShelfLatest>> LatestPerShelfAsync(ShelfCloudDbContext db, CancellationToken ct) =>
        await db.Shelves.AsNoTracking()
            .Select(s => new ShelfLatest(
                s.Id, s.StoreId,
                db.CaptureShelfStats.Where(c => c.ShelfId == s.Id).OrderByDescending(c => c.TakenAt).Select(c => (int?)c.Products).FirstOrDefault(),
                db.CaptureShelfStats.Where(c => c.ShelfId == s.Id).OrderByDescending(c => c.TakenAt).Select(c => (int?)c.EmptyFacings).FirstOrDefault(),
                db.CaptureShelfStats.Where(c => c.ShelfId == s.Id).OrderByDescending(c => c.TakenAt).Select(c => (int?)c.UnknownProducts).FirstOrDefault()))
            .ToListAsync(ct);

    private static AvailabilityCell Pool(IReadOnlyCollection<ShelfLatest> shelves) => new(
        shelves.Sum(s => (long)(s.Products ?? 0)), shelves.Sum(s => (long)(s.EmptyFacings ?? 0)), shelves.Count(s => s.Products is not null));

    private static async Task<List<CameraState>> CamerasAsync(ShelfCloudDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var cameras = await db.Cameras.AsNoTracking().Where(c => !c.IsRevoked)
            .Select(c => new
            {
                c.Id, c.Name, c.Shelf!.StoreId, StoreName = c.Shelf.Store!.Name, ShelfName = c.Shelf.Name, c.LastSeenAt, c.CaptureIntervalMinutes,
                Latest = db.Captures.Where(x => x.CameraId == c.Id && x.Status == CaptureStatus.Recognized).OrderByDescending(x => x.TakenAt)
                    .Select(x => (CaptureQualityStatus?)x.QualityStatus).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return cameras.Select(c => new CameraState(c.Id, c.Name, c.StoreId, c.StoreName, c.ShelfName, c.LastSeenAt,
                CameraPresence.IsOnline(c.LastSeenAt, c.CaptureIntervalMinutes, now), c.Latest == CaptureQualityStatus.Poor))
            .ToList();
    }

    // Review counts are part of each capture's figures (re-analysed after every review decision), so the trend reads
    // the captures of 14 days, not the detections behind them.
    private static async Task<List<AcceptanceDay>> AcceptanceTrendAsync(ShelfCloudDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var since = now.AddDays(-TenantDashboard.TrendDays);
        var days = await db.CaptureShelfStats.AsNoTracking()
            .Where(s => s.TakenAt >= since && s.Reviewed > 0)
            .GroupBy(s => s.Day)
            .Select(g => new { Day = g.Key, Accepted = g.Sum(s => s.Accepted), Reviewed = g.Sum(s => s.Reviewed) })
            .ToListAsync(ct);
        return days.OrderBy(d => d.Day).Select(d => new AcceptanceDay(d.Day, new AcceptanceRate(d.Accepted, d.Reviewed))).ToList();
    }
}
