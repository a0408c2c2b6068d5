using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ShelfCloud.Domain.Analytics;
using ShelfCloud.Domain.Onboarding;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Onboarding;

namespace ShelfCloud.Infrastructure.Availability;

/// <summary>The store heatmap's time axis.</summary>
public enum HeatmapPeriod
{
    /// <summary>The last 24 hours, one column per local hour.</summary>
    Hours,

    /// <summary>The last 14 days, one column per local day.</summary>
    Days,
}

/// <summary>Products and empty facings pooled over the captures that fall into one cell.</summary>
public sealed record AvailabilityCell(long Products, long EmptyFacings, int Captures)
{
    /// <summary>Pooled availability; null when nothing could be measured.</summary>
    public double? Availability => ShelfAvailability.Of(Products, EmptyFacings);
}

/// <summary>One column of the heatmap: where it starts and what it is called in the store's time.</summary>
public sealed record HeatmapColumn(DateTimeOffset Start, string Label);

/// <summary>One shelf's cells, one per column; null where the shelf had no analysed capture.</summary>
public sealed record ShelfHeatmapRow(Guid ShelfId, string ShelfName, string? Category, IReadOnlyList<AvailabilityCell?> Cells);

/// <summary>A store's shelves × hours or days, coloured by availability.</summary>
public sealed record StoreHeatmap(
    Guid StoreId, string StoreName, string TimeZone, HeatmapPeriod Period, IReadOnlyList<HeatmapColumn> Columns, IReadOnlyList<ShelfHeatmapRow> Rows)
{
    /// <summary>Every cell pooled: the store's availability over the period.</summary>
    public AvailabilityCell Total => new(
        Rows.SelectMany(r => r.Cells).Sum(c => c?.Products ?? 0),
        Rows.SelectMany(r => r.Cells).Sum(c => c?.EmptyFacings ?? 0),
        Rows.SelectMany(r => r.Cells).Sum(c => c?.Captures ?? 0));
}

/// <summary>
/// The store heatmap: each analysed capture's products and empty facings (<see cref="CaptureShelfStats"/>) pooled per
/// shelf and local hour or day. Reads one index range of the per-capture figures, never the detections.
/// </summary>
public sealed class StoreAvailability(IDbContextFactory<ShelfCloudDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Columns of the hourly heatmap.</summary>
    public const int HourColumns = 24;

    /// <summary>Columns of the daily heatmap.</summary>
    public const int DayColumns = 14;

    /// <summary>The heatmap of one store of the current tenant.</summary>
    public async Task<StoreHeatmap> GetHeatmapAsync(Guid storeId, HeatmapPeriod period, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var store = await db.Stores.AsNoTracking().Where(s => s.Id == storeId).Select(s => new { s.Name, s.TimeZone }).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundInTenantException("Store");
        var shelves = await db.Shelves.AsNoTracking().Where(s => s.StoreId == storeId).OrderBy(s => s.Name)
            .Select(s => new { s.Id, s.Name, s.Category }).ToListAsync(ct);
        var time = StoreTime.For(store.TimeZone);
        var columns = Columns(time, period, clock.GetUtcNow());
        var cells = period == HeatmapPeriod.Hours
            ? await HourCellsAsync(db, storeId, columns[0].Start, ct)
            : await DayCellsAsync(db, storeId, columns[0].Start, time.DayOf(columns[0].Start), ct);
        var rows = shelves.Select(s => new ShelfHeatmapRow(s.Id, s.Name, s.Category,
            Enumerable.Range(0, columns.Count).Select(i => cells.GetValueOrDefault((s.Id, i))).ToList())).ToList();
        return new StoreHeatmap(storeId, store.Name, time.Zone.Id, period, columns, rows);
    }

    private static List<HeatmapColumn> Columns(StoreTime time, HeatmapPeriod period, DateTimeOffset now)
    {
        if (period == HeatmapPeriod.Hours)
        {
            var first = time.StartOfHour(now).AddHours(-(HourColumns - 1));
            return Enumerable.Range(0, HourColumns)
                .Select(i => first.AddHours(i))
                .Select(start => new HeatmapColumn(start, time.Local(start).ToString("HH:00", CultureInfo.InvariantCulture)))
                .ToList();
        }

        var firstDay = time.DayOf(now).AddDays(-(DayColumns - 1));
        return Enumerable.Range(0, DayColumns)
            .Select(i => firstDay.AddDays(i))
            .Select(day => new HeatmapColumn(time.StartOf(day), day.ToString("ddd d MMM", CultureInfo.InvariantCulture)))
            .ToList();
    }

    private static async Task<Dictionary<(Guid, int), AvailabilityCell>> HourCellsAsync(
        ShelfCloudDbContext db, Guid storeId, DateTimeOffset from, CancellationToken ct)
    {
        var captures = await db.CaptureShelfStats.AsNoTracking()
            .Where(s => s.StoreId == storeId && s.TakenAt >= from)
            .Select(s => new { s.ShelfId, s.TakenAt, s.Products, s.EmptyFacings })
            .ToListAsync(ct);
        return captures
            .GroupBy(c => (c.ShelfId, Column: Math.Min(HourColumns - 1, (int)Math.Floor((c.TakenAt - from).TotalHours))))
            .ToDictionary(g => g.Key, g => new AvailabilityCell(g.Sum(c => (long)c.Products), g.Sum(c => (long)c.EmptyFacings), g.Count()));
    }

    private static async Task<Dictionary<(Guid, int), AvailabilityCell>> DayCellsAsync(
        ShelfCloudDbContext db, Guid storeId, DateTimeOffset from, DateOnly firstDay, CancellationToken ct)
    {
        var days = await db.CaptureShelfStats.AsNoTracking()
            .Where(s => s.StoreId == storeId && s.TakenAt >= from)
            .GroupBy(s => new { s.ShelfId, s.Day })
            .Select(g => new { g.Key.ShelfId, g.Key.Day, Products = g.Sum(s => (long)s.Products), Empty = g.Sum(s => (long)s.EmptyFacings), Captures = g.Count() })
            .ToListAsync(ct);
        return days
            .Where(d => d.Day.DayNumber - firstDay.DayNumber is >= 0 and < DayColumns)
            .ToDictionary(d => (d.ShelfId, d.Day.DayNumber - firstDay.DayNumber), d => new AvailabilityCell(d.Products, d.Empty, d.Captures));
    }
}
