using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Domain.Availability;
using ShelfCloud.Infrastructure.Availability;
using ShelfCloud.Infrastructure.Dashboard;
using ShelfCloud.Infrastructure.Data;

namespace ShelfCloud.Infrastructure.Tests.Availability;

/// <summary>The reads behind the availability pages and the overview, over analysed captures.</summary>
public sealed class AvailabilityReadTests(AnalysisDatabase fixture) : IClassFixture<AnalysisDatabase>
{
    private TestDatabase Database => fixture.Database;

    private async Task AnalyzeAsync(ShelfScenario shelf, params Guid[] captures)
    {
        await using var scope = Database.InTenant(shelf.TenantId);
        await scope.ServiceProvider.GetRequiredService<CaptureAnalyzer>().AnalyzeAsync(captures);
    }

    private async Task<T> InTenantAsync<T>(Guid tenantId, Func<IServiceProvider, Task<T>> read)
    {
        await using var scope = Database.InTenant(tenantId);
        return await read(scope.ServiceProvider);
    }

    [Fact]
    public async Task The_hourly_heatmap_pools_each_shelfs_captures_per_hour()
    {
        var tenant = await ShelfScenario.CreateTenantAsync(Database, "hours");
        var shelf = await ShelfScenario.CreateAsync(Database, tenant);
        var idle = await ShelfScenario.CreateAsync(Database, tenant);
        var milk = await shelf.AddSkuAsync("Nordkind");
        var twoHoursAgo = DateTimeOffset.UtcNow.AddHours(-2);
        await AnalyzeAsync(shelf,
            await shelf.AddCaptureAsync(twoHoursAgo, milk, null, null, milk),
            await shelf.AddCaptureAsync(DateTimeOffset.UtcNow.AddDays(-2), milk, milk));

        var heatmap = await InTenantAsync(tenant, sp => sp.GetRequiredService<StoreAvailability>().GetHeatmapAsync(shelf.StoreId, HeatmapPeriod.Hours));

        heatmap.Columns.Count.ShouldBe(StoreAvailability.HourColumns);
        heatmap.Rows.Select(r => r.ShelfId).ShouldBe([shelf.ShelfId, idle.ShelfId], ignoreOrder: true);
        var column = heatmap.Columns.ToList().FindLastIndex(c => c.Start <= twoHoursAgo);
        var row = heatmap.Rows.Single(r => r.ShelfId == shelf.ShelfId);
        row.Cells[column].ShouldBe(new AvailabilityCell(2, 2, 1));
        row.Cells.Count(c => c is not null).ShouldBe(1, "the capture of two days ago is outside the last 24 hours");
        heatmap.Rows.Single(r => r.ShelfId == idle.ShelfId).Cells.ShouldAllBe(c => c == null);
        heatmap.Total.Availability.ShouldBe(0.5);
    }

    [Fact]
    public async Task The_daily_heatmap_has_fourteen_local_days_ending_today()
    {
        var tenant = await ShelfScenario.CreateTenantAsync(Database, "days");
        var shelf = await ShelfScenario.CreateAsync(Database, tenant);
        var milk = await shelf.AddSkuAsync("Nordkind");
        var now = DateTimeOffset.UtcNow;
        // Both of today's captures must fall after midnight even when the test runs at 00:00:30.
        var sinceMidnight = now - new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var step = TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(1).Ticks, sinceMidnight.Ticks / 3));
        await AnalyzeAsync(shelf,
            await shelf.AddCaptureAsync(now - step, milk, milk, milk, milk),
            await shelf.AddCaptureAsync(now - 2 * step, milk, null, milk),
            await shelf.AddCaptureAsync(now.AddDays(-3), milk, milk),
            await shelf.AddCaptureAsync(now.AddDays(-20), milk, milk));

        var heatmap = await InTenantAsync(tenant, sp => sp.GetRequiredService<StoreAvailability>().GetHeatmapAsync(shelf.StoreId, HeatmapPeriod.Days));

        var cells = heatmap.Rows.ShouldHaveSingleItem().Cells;
        cells.Count.ShouldBe(StoreAvailability.DayColumns);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var todayColumn = heatmap.Columns.ToList().FindLastIndex(c => c.Start <= DateTimeOffset.UtcNow);
        cells[todayColumn].ShouldBe(new AvailabilityCell(6, 1, 2));
        cells[todayColumn - 3].ShouldBe(new AvailabilityCell(2, 0, 1));
        cells.Count(c => c is not null).ShouldBe(2);
        heatmap.Columns[^1].Start.ShouldBe(new DateTimeOffset(today.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
    }

    [Fact]
    public async Task The_shelf_heatmap_accumulates_gaps_by_how_often_they_were_there()
    {
        var tenant = await ShelfScenario.CreateTenantAsync(Database, "spatial");
        var shelf = await ShelfScenario.CreateAsync(Database, tenant);
        var milk = await shelf.AddSkuAsync("Nordkind");
        var start = DateTimeOffset.UtcNow.AddHours(-3);
        await AnalyzeAsync(shelf,
            await shelf.AddCaptureAsync(start, milk, milk, milk, milk),
            await shelf.AddCaptureAsync(start.AddMinutes(30), milk, null, milk, milk),
            await shelf.AddCaptureAsync(start.AddMinutes(60), milk, null, milk, milk),
            await shelf.AddCaptureAsync(start.AddMinutes(90), milk, null, milk, milk));

        var view = await InTenantAsync(tenant, sp => sp.GetRequiredService<ShelfGapHeatmap>().GetAsync(shelf.ShelfId));

        (view.Width, view.Height, view.CapturesAccumulated, view.Products, view.EmptyFacings).ShouldBe((200, 300, 4, 3, 1));
        view.LatestGaps.ShouldHaveSingleItem().X1.ShouldBe(50);
        view.Cells.ShouldNotBeEmpty();
        view.Cells.ShouldAllBe(c => c.Frequency == 0.75 && c.X >= 50 - 0.01f && c.X + c.Width <= 100 + 0.01f && c.Y >= 100 - 4 && c.Y + c.Height <= 200 + 4);
        view.Cells.Sum(c => c.Width * c.Height).ShouldBeGreaterThan(50 * 100 * 0.8f);
    }

    [Fact]
    public async Task The_overview_reads_latest_availability_events_captures_reviews_and_silent_cameras()
    {
        var tenant = await ShelfScenario.CreateTenantAsync(Database, "overview");
        var full = await ShelfScenario.CreateAsync(Database, tenant, "Overview store");
        var gappy = await ShelfScenario.CreateAsync(Database, tenant, "Overview store");
        var milk = await full.AddSkuAsync("Nordkind");
        var now = DateTimeOffset.UtcNow;
        var old = await full.AddCaptureAsync(now.AddDays(-3), milk, null, null, milk);
        await AnalyzeAsync(full, old, await full.AddCaptureAsync(now.AddHours(-1), milk, milk, milk, milk));
        await AnalyzeAsync(gappy, await gappy.AddCaptureAsync(now.AddHours(-30), milk, null, milk, milk));
        await using (var scope = Database.InTenant(tenant))
        {
            var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
            db.OutOfStockEvents.Add(new OutOfStockEvent { StoreId = full.StoreId, ShelfId = full.ShelfId, SkuId = milk, StartedAt = now.AddHours(-5) });
            db.OutOfStockEvents.Add(new OutOfStockEvent { StoreId = full.StoreId, ShelfId = full.ShelfId, SkuId = milk, StartedAt = now.AddDays(-2), ClearedAt = now.AddDays(-1) });
            await db.SaveChangesAsync();
            await db.CaptureShelfStats.Where(s => s.CaptureId == old).ExecuteUpdateAsync(u => u.SetProperty(s => s.Reviewed, 4).SetProperty(s => s.Accepted, 3));
            await db.CaptureShelfStats.Where(s => s.CaptureId == old).ExecuteUpdateAsync(u => u.SetProperty(s => s.UnknownProducts, 5));
            await db.CaptureShelfStats.Where(s => s.ShelfId == gappy.ShelfId).ExecuteUpdateAsync(u => u.SetProperty(s => s.UnknownProducts, 2));
            await db.Cameras.Where(c => c.Id == full.Camera.CameraId).ExecuteUpdateAsync(u => u.SetProperty(c => c.LastSeenAt, now.AddMinutes(-10)));
            await db.Cameras.Where(c => c.Id == gappy.Camera.CameraId).ExecuteUpdateAsync(u => u.SetProperty(c => c.LastSeenAt, now.AddHours(-30)));
        }

        var overview = await InTenantAsync(tenant, sp => sp.GetRequiredService<DashboardSummary>().GetAsync());

        overview.Availability.ShouldBe(new AvailabilityCell(7, 1, 2), "each shelf's latest capture: 4 + 0 and 3 + 1");
        (overview.Shelves, overview.ShelvesMeasured, overview.OpenOutOfStock).ShouldBe((2, 2, 1));
        overview.UnknownProducts.ShouldBe(2, "unknown products of each shelf's latest capture: 0 + 2 (the older capture's 5 are history)");
        (overview.CapturesLast24Hours, overview.CapturesLast7Days).ShouldBe((1, 3));
        overview.Acceptance.ShouldBe(new Domain.Recognition.AcceptanceRate(3, 4));
        overview.AcceptanceTrend.ShouldHaveSingleItem().Day.ShouldBe(DateOnly.FromDateTime(now.AddDays(-3).UtcDateTime));
        (overview.Cameras, overview.CamerasOnline).ShouldBe((2, 1));
        overview.OfflineCameras.ShouldHaveSingleItem().CameraId.ShouldBe(gappy.Camera.CameraId);
        overview.ByStore.ShouldHaveSingleItem().OpenOutOfStock.ShouldBe(1);
    }

    [Fact]
    public async Task The_event_log_lists_events_open_at_some_time_in_the_period()
    {
        var tenant = await ShelfScenario.CreateTenantAsync(Database, "log");
        var shelf = await ShelfScenario.CreateAsync(Database, tenant);
        var milk = await shelf.AddSkuAsync("Nordkind");
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        await using (var scope = Database.InTenant(tenant))
        {
            var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
            db.OutOfStockEvents.AddRange(
                new OutOfStockEvent { StoreId = shelf.StoreId, ShelfId = shelf.ShelfId, SkuId = milk, StartedAt = now.AddDays(-30) },
                new OutOfStockEvent { StoreId = shelf.StoreId, ShelfId = shelf.ShelfId, SkuId = milk, StartedAt = now.AddDays(-10), ClearedAt = now.AddDays(-9) },
                new OutOfStockEvent { StoreId = shelf.StoreId, ShelfId = shelf.ShelfId, SkuId = milk, StartedAt = now.AddDays(-3), ClearedAt = now.AddDays(-2) });
            await db.SaveChangesAsync();
        }

        var events = await InTenantAsync(tenant, sp => sp.GetRequiredService<OutOfStockEventLog>().ListAsync(new OutOfStockEventQuery(shelf.StoreId, now.AddDays(-7), now)));

        events.Select(e => (e.IsOpen, e.StartedAt)).ShouldBe([(true, now.AddDays(-30)), (false, now.AddDays(-3))]);
        events[1].DurationAt(now).ShouldBe(TimeSpan.FromDays(1));
        events[1].SkuName.ShouldBe("Nordkind product");
    }
}
