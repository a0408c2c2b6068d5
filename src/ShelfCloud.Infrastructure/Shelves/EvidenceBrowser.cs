using Microsoft.EntityFrameworkCore;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Captures.Quality;
using ShelfCloud.Infrastructure.Data;

namespace ShelfCloud.Infrastructure.Shelves;

/// <summary>
/// Which captures a figure stands on: those of a shelf or a store in [From, To), and — for a SKU or a brand — the crops
/// of it in them. An out-of-stock event, a heatmap cell and a share-of-shelf row open it.
/// </summary>
public sealed record EvidenceQuery(DateTimeOffset From, DateTimeOffset To, Guid? ShelfId = null, Guid? StoreId = null, Guid? SkuId = null, string? Brand = null)
{
    /// <summary>The most captures one page shows (newest first).</summary>
    public const int MaxCaptures = 24;

    /// <summary>The longest period one page covers.</summary>
    public static readonly TimeSpan MaxPeriod = TimeSpan.FromDays(31);
}

/// <summary>One crop behind a figure: where in its photo, and what it was named.</summary>
public sealed record EvidenceCrop(long DetectionId, BoundingBox Box, string? SkuName, string? Brand, ReviewStatus Review);

/// <summary>One photo behind a figure, with the crops of the SKU or brand asked about (all products when neither was).</summary>
/// <param name="Matching">How many crops in the photo match the query (0 for a SKU: it was missing here).</param>
public sealed record EvidenceCapture(
    Guid CaptureId, string ShelfName, DateTimeOffset TakenAt, int Width, int Height, CaptureQualityStatus Quality, string? QualityIssues,
    int Products, int Matching, IReadOnlyList<EvidenceCrop> Crops);

/// <summary>The figure's own words: what was asked, and how many captures matched in all.</summary>
public sealed record EvidenceView(EvidenceQuery Query, string Subject, int TotalCaptures, IReadOnlyList<EvidenceCapture> Captures);

public sealed class EvidenceBrowser(IDbContextFactory<ShelfCloudDbContext> dbFactory)
{
    private const int CropsPerCapture = 12;

    /// <exception cref="ArgumentException">The period is empty or longer than 31 days, or it names no shelf, store, SKU or brand.</exception>
    public async Task<EvidenceView> GetAsync(EvidenceQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.From >= query.To || query.To - query.From > EvidenceQuery.MaxPeriod)
            throw new ArgumentException("The period must end after it starts and span at most 31 days.", nameof(query));
        if (query.ShelfId is null && query.StoreId is null && query.SkuId is null && query.Brand is null)
            throw new ArgumentException("Name a shelf, a store, a SKU or a brand.", nameof(query));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var captures = db.Captures.AsNoTracking().Where(c => c.Status == CaptureStatus.Recognized && c.TakenAt >= query.From && c.TakenAt < query.To);
        if (query.ShelfId is { } shelfId)
            captures = captures.Where(c => c.ShelfId == shelfId);
        if (query.StoreId is { } storeId)
            captures = captures.Where(c => c.StoreId == storeId);
        var brandSkus = query.Brand is { } brand ? await db.Skus.Where(s => s.Brand == brand).Select(s => s.Id).ToListAsync(ct) : null;
        if (brandSkus is not null)
            captures = captures.Where(c => c.Detections.Any(d => d.PredictedSkuId != null && brandSkus.Contains(d.PredictedSkuId.Value)));

        var total = await captures.CountAsync(ct);
        var page = await captures.OrderByDescending(c => c.TakenAt).Take(EvidenceQuery.MaxCaptures)
            .Select(c => new { c.Id, c.ShelfId, c.TakenAt, c.Width, c.Height, c.QualityStatus, c.QualityIssues })
            .ToListAsync(ct);
        var ids = page.Select(c => c.Id).ToList();
        var detections = await db.Detections.AsNoTracking().Where(d => ids.Contains(d.CaptureId) && d.DetectorClass != "empty")
            .Select(d => new { d.Id, d.CaptureId, d.X1, d.Y1, d.X2, d.Y2, d.PredictedSkuId, d.ReviewStatus })
            .ToListAsync(ct);
        var skuIds = detections.Select(d => d.PredictedSkuId).OfType<Guid>().Append(query.SkuId ?? Guid.Empty).Distinct().ToList();
        var skus = await db.Skus.AsNoTracking().Where(s => skuIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => (s.Name, s.Brand), ct);
        var shelfIds = page.Select(c => c.ShelfId).Distinct().ToList();
        var shelves = await db.Shelves.AsNoTracking().Where(s => shelfIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);

        bool Matches(Guid? sku) =>
            query.SkuId is { } wanted ? sku == wanted : brandSkus is null || (sku is { } s && brandSkus.Contains(s));

        var result = page.Select(c =>
        {
            var own = detections.Where(d => d.CaptureId == c.Id).ToList();
            var matching = own.Where(d => Matches(d.PredictedSkuId)).ToList();
            var crops = matching.Take(CropsPerCapture).Select(d => new EvidenceCrop(
                d.Id, new BoundingBox(d.X1, d.Y1, d.X2, d.Y2),
                d.PredictedSkuId is { } sku && skus.TryGetValue(sku, out var named) ? named.Name : null,
                d.PredictedSkuId is { } b && skus.TryGetValue(b, out var branded) ? branded.Brand : null,
                d.ReviewStatus)).ToList();
            return new EvidenceCapture(c.Id, shelves.GetValueOrDefault(c.ShelfId, "?"), c.TakenAt, c.Width, c.Height, c.QualityStatus, c.QualityIssues,
                own.Count, matching.Count, crops);
        }).ToList();
        var subject = query.SkuId is { } skuId ? skus.TryGetValue(skuId, out var subjectSku) ? subjectSku.Name : "this SKU"
            : query.Brand ?? "every product";
        return new EvidenceView(query, subject, total, result);
    }
}
