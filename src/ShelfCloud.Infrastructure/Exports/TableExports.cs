using Microsoft.EntityFrameworkCore;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Infrastructure.Data;

namespace ShelfCloud.Infrastructure.Exports;

/// <summary>One SKU of the catalog as exported.</summary>
public sealed record CatalogRow(string Code, string? Gtin, string Name, string Brand, string Manufacturer, string Category, string Size, string Flavor, string Shape, int ReferenceImages);

/// <summary>One detection as exported, with where and when it was seen and what it was named.</summary>
public sealed record DetectionRow(
    Guid CaptureId, DateTimeOffset TakenAt, string Store, string Shelf, long DetectionId, float X1, float Y1, float X2, float Y2,
    string? SkuCode, string? SkuName, bool Unknown, ReviewStatus Review, float FinalScore);

/// <summary>The current tenant's catalog and detections as rows, for CSV exports.</summary>
public sealed class TableExports(IDbContextFactory<ShelfCloudDbContext> dbFactory)
{
    /// <summary>The most detections one export holds (the latest first).</summary>
    public const int MaxDetections = 200_000;

    public async Task<IReadOnlyList<CatalogRow>> CatalogAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return (await db.Skus.AsNoTracking().OrderBy(s => s.Code)
                .Select(s => new { s.Code, s.Gtin, s.Name, s.Brand, s.Manufacturer, s.Category, s.Size, s.Flavor, s.Shape, References = s.ReferenceImages.Count })
                .ToListAsync(ct))
            .Select(s => new CatalogRow(s.Code, s.Gtin, s.Name, s.Brand, s.Manufacturer, s.Category, s.Size, s.Flavor, s.Shape.ToString(), s.References)).ToList();
    }

    /// <summary>Product detections of the captures taken in [since, until), one store or all.</summary>
    public async Task<IReadOnlyList<DetectionRow>> DetectionsAsync(DateTimeOffset since, DateTimeOffset until, Guid? storeId, CancellationToken ct = default)
    {
        if (since >= until)
            throw new ArgumentException("The period must end after it starts.", nameof(until));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var captures = db.Captures.AsNoTracking().Where(c => c.TakenAt >= since && c.TakenAt < until);
        if (storeId is { } store)
            captures = captures.Where(c => c.StoreId == store);
        var rows = await (from c in captures
                          join d in db.Detections on c.Id equals d.CaptureId
                          join shelf in db.Shelves on c.ShelfId equals shelf.Id
                          join st in db.Stores on c.StoreId equals st.Id
                          join sku in db.Skus on d.PredictedSkuId equals sku.Id into skus
                          from sku in skus.DefaultIfEmpty()
                          where d.DetectorClass != "empty"
                          orderby c.TakenAt descending, d.Id
                          select new { c.Id, c.TakenAt, Store = st.Name, Shelf = shelf.Name, Detection = d.Id, d.X1, d.Y1, d.X2, d.Y2,
                              Code = sku == null ? null : sku.Code, Name = sku == null ? null : sku.Name, d.Unknown, d.ReviewStatus, d.FinalScore })
            .Take(MaxDetections).ToListAsync(ct);
        return rows.Select(r => new DetectionRow(r.Id, r.TakenAt, r.Store, r.Shelf, r.Detection, r.X1, r.Y1, r.X2, r.Y2, r.Code, r.Name, r.Unknown, r.ReviewStatus, r.FinalScore)).ToList();
    }
}
