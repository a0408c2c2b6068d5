using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ShelfCloud.Domain.Analytics;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Onboarding;

namespace ShelfCloud.Infrastructure.Availability;

/// <summary>
/// A run of grid cells in one grid row that were inside a gap equally often, in pixels of the latest photo.
/// <paramref name="Frequency"/> is the share of the accumulated captures (0..1] that had a gap there.
/// </summary>
public sealed record GapHeatCell(float X, float Y, float Width, float Height, double Frequency);

/// <summary>The spatial heatmap of one shelf: where its empty facings were over its recent captures.</summary>
public sealed record ShelfGapHeatmapView(
    Guid ShelfId, string ShelfName, Guid StoreId, string StoreName, string TimeZone,
    Guid? LatestCaptureId, DateTimeOffset? LatestTakenAt, int Width, int Height,
    int Products, int EmptyFacings, int CapturesAccumulated,
    IReadOnlyList<GapHeatCell> Cells, IReadOnlyList<BoundingBox> LatestGaps)
{
    /// <summary>Availability of the latest capture.</summary>
    public double? Availability => ShelfAvailability.Of(Products, EmptyFacings);
}

/// <summary>
/// Accumulates the gaps of a shelf's last N analysed captures (<see cref="AvailabilityOptions.ShelfHeatmapCaptures"/>)
/// on a grid over the latest photo. Gaps are placed by their position relative to each photo's size, so a camera whose
/// resolution changed still lines up. Equal neighbouring cells are merged into runs to keep the drawing small.
/// </summary>
public sealed class ShelfGapHeatmap(IDbContextFactory<ShelfCloudDbContext> dbFactory, IOptions<AvailabilityOptions> options)
{
    /// <summary>Grid columns across the photo; rows follow the photo's aspect ratio.</summary>
    public const int GridColumns = 96;

    /// <summary>The heatmap of one shelf of the current tenant.</summary>
    public async Task<ShelfGapHeatmapView> GetAsync(Guid shelfId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var shelf = await db.Shelves.AsNoTracking().Where(s => s.Id == shelfId)
            .Select(s => new { s.Name, s.StoreId, StoreName = s.Store!.Name, s.Store.TimeZone }).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundInTenantException("Shelf");
        var recent = await db.CaptureShelfStats.AsNoTracking()
            .Where(s => s.ShelfId == shelfId)
            .OrderByDescending(s => s.TakenAt)
            .Take(options.Value.ShelfHeatmapCaptures)
            .ToListAsync(ct);
        if (recent.Count == 0)
            return new ShelfGapHeatmapView(shelfId, shelf.Name, shelf.StoreId, shelf.StoreName, shelf.TimeZone, null, null, 0, 0, 0, 0, 0, [], []);

        var ids = recent.Select(r => r.CaptureId).ToList();
        var sizes = await db.Captures.AsNoTracking().Where(c => ids.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, c => (c.Width, c.Height), ct);
        var latest = recent[0];
        var (width, height) = sizes.GetValueOrDefault(latest.CaptureId);
        var usable = recent.Where(r => sizes.GetValueOrDefault(r.CaptureId) is { Width: > 0, Height: > 0 }).ToList();
        var cells = width > 0 && height > 0 ? Accumulate(usable, sizes, width, height) : [];
        return new ShelfGapHeatmapView(
            shelfId, shelf.Name, shelf.StoreId, shelf.StoreName, shelf.TimeZone, latest.CaptureId, latest.TakenAt, width, height,
            latest.Products, latest.EmptyFacings, usable.Count, cells,
            latest.Gaps.Select(g => new BoundingBox(g.X1, g.Y1, g.X2, g.Y2)).ToList());
    }

    private static List<GapHeatCell> Accumulate(
        IReadOnlyList<CaptureShelfStats> captures, IReadOnlyDictionary<Guid, (int Width, int Height)> sizes, int width, int height)
    {
        var columns = GridColumns;
        var rows = Math.Max(1, (int)Math.Round(GridColumns * (double)height / width));
        var counts = new int[rows, columns];
        foreach (var capture in captures)
        {
            var (w, h) = sizes[capture.CaptureId];
            // A cell counts once per capture even where two gaps of that capture overlap it.
            var hit = new bool[rows, columns];
            foreach (var gap in capture.Gaps)
            {
                for (var r = Cell(gap.Y1 / h, rows); r <= Cell(gap.Y2 / h, rows, end: true); r++)
                {
                    for (var c = Cell(gap.X1 / w, columns); c <= Cell(gap.X2 / w, columns, end: true); c++)
                        hit[r, c] = true;
                }
            }

            for (var r = 0; r < rows; r++)
            {
                for (var c = 0; c < columns; c++)
                    counts[r, c] += hit[r, c] ? 1 : 0;
            }
        }

        return Runs(counts, rows, columns, (float)width / columns, (float)height / rows, captures.Count);
    }

    /// <summary>The grid cell containing the relative position; an end edge on a cell boundary belongs to the cell before.</summary>
    private static int Cell(float relative, int cells, bool end = false)
    {
        var position = Math.Clamp(relative, 0f, 1f) * cells;
        var index = end ? (int)MathF.Ceiling(position) - 1 : (int)MathF.Floor(position);
        return Math.Clamp(index, 0, cells - 1);
    }

    private static List<GapHeatCell> Runs(int[,] counts, int rows, int columns, float cellWidth, float cellHeight, int captures)
    {
        var runs = new List<GapHeatCell>();
        for (var r = 0; r < rows; r++)
        {
            var c = 0;
            while (c < columns)
            {
                var count = counts[r, c];
                var start = c;
                while (c < columns && counts[r, c] == count)
                    c++;
                if (count > 0)
                    runs.Add(new GapHeatCell(start * cellWidth, r * cellHeight, (c - start) * cellWidth, cellHeight, (double)count / captures));
            }
        }

        return runs;
    }
}
