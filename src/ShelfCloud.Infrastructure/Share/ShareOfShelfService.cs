using Microsoft.EntityFrameworkCore;
using ShelfCloud.Domain.Shelves;
using ShelfCloud.Infrastructure.Data;

namespace ShelfCloud.Infrastructure.Share;

/// <summary>
/// Share of shelf per brand or manufacturer from the per-capture facings (<see cref="Domain.Analytics.CaptureSkuFacings"/>):
/// one grouped read per day and SKU, then <see cref="ShareOfShelfCalculator"/>. The viewer's visibility is decided here,
/// from the signed-in user (<see cref="ShareAudience"/>), so no page, endpoint or parameter can ask for more: a supplier
/// gets its own keys against the (category) total and everything else as one Others row.
/// </summary>
public sealed class ShareOfShelfService(IDbContextFactory<ShelfCloudDbContext> dbFactory, ShareAudience audience)
{
    private const int SkuLookupChunk = 500;

    // Never a brand's name: hidden SKUs are relabelled to this before folding, so a visible brand that happens to share
    // a hidden SKU's key cannot pull the hidden figures out of Others.
    private static readonly string HiddenKey = "\u0000hidden:" + Guid.NewGuid().ToString("N");

    private readonly ShareOfShelfCalculator _calculator = new();

    /// <summary>Answers <paramref name="query"/> for the current viewer.</summary>
    /// <exception cref="ArgumentException">The period is empty, reversed or longer than <see cref="ShareOfShelfQuery.MaxDays"/>.</exception>
    public async Task<ShareOfShelfReport> GetAsync(ShareOfShelfQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.To < query.From)
            throw new ArgumentException("The period ends before it starts.", nameof(query));
        if (query.Days > ShareOfShelfQuery.MaxDays)
            throw new ArgumentException($"The period is longer than {ShareOfShelfQuery.MaxDays} days.", nameof(query));

        var visibility = await audience.ResolveAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var facings = db.CaptureSkuFacings.AsNoTracking().Where(f => f.Day >= query.From && f.Day <= query.To);
        if (query.StoreId is { } storeId)
            facings = facings.Where(f => f.StoreId == storeId);
        var perDay = await facings
            .GroupBy(f => new { f.Day, f.SkuId })
            .Select(g => new { g.Key.Day, g.Key.SkuId, Facings = g.Sum(f => (long)f.Facings), Width = g.Sum(f => f.LinearWidth) })
            .ToListAsync(ct);
        var skus = await SkusAsync(db, perDay.Select(r => r.SkuId).Distinct().ToList(), ct);

        var rows = perDay
            .Select(r => (r.Day, Sku: skus.GetValueOrDefault(r.SkuId) ?? ShareSku.Unknown, r.Facings, r.Width))
            .Where(r => string.IsNullOrEmpty(query.Category) || r.Sku.Category == query.Category)
            .Select(r => (r.Day, Total: new ShelfFacingTotal(KeyFor(r.Sku, query.By, visibility), r.Facings, r.Width)))
            .ToList();
        var visibleKeys = rows.Select(r => r.Total.Key).Where(k => k != HiddenKey).ToHashSet(StringComparer.Ordinal);
        var trend = rows
            .GroupBy(r => r.Day)
            .OrderBy(g => g.Key)
            .Select(g => new ShareTrendPoint(g.Key, Shares(g.Select(r => r.Total), visibility, visibleKeys)))
            .ToList();
        return new ShareOfShelfReport(query, visibility, Shares(rows.Select(r => r.Total), visibility, visibleKeys), trend);
    }

    private IReadOnlyList<ShelfShare> Shares(IEnumerable<ShelfFacingTotal> totals, ShareVisibility visibility, IReadOnlySet<string> visibleKeys) =>
        visibility.SeesEverything ? _calculator.CalculateTotals(totals) : _calculator.CalculateTotalsWithOthers(totals, visibleKeys);

    private static string KeyFor(ShareSku sku, ShareGrouping by, ShareVisibility visibility)
    {
        if (!visibility.Shows(sku, by))
            return HiddenKey;
        var key = by == ShareGrouping.Brand ? sku.Brand : sku.Manufacturer;
        return string.IsNullOrWhiteSpace(key) ? ShareOfShelfReport.Unlabelled : key;
    }

    private static async Task<Dictionary<Guid, ShareSku>> SkusAsync(ShelfCloudDbContext db, IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        var skus = new Dictionary<Guid, ShareSku>(ids.Count);
        foreach (var chunk in ids.Chunk(SkuLookupChunk))
        {
            var found = await db.Skus.AsNoTracking().Where(s => chunk.Contains(s.Id))
                .Select(s => new { s.Id, s.Brand, s.Manufacturer, s.Category })
                .ToListAsync(ct);
            foreach (var sku in found)
                skus[sku.Id] = new ShareSku(sku.Brand, sku.Manufacturer, sku.Category);
        }

        return skus;
    }
}
