using Microsoft.EntityFrameworkCore;
using ShelfCloud.Domain.Catalog;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Onboarding;

namespace ShelfCloud.Infrastructure.Catalog;

/// <summary>A page request over the current tenant's catalog. Filters are exact matches; <see cref="Search"/> matches code, GTIN, name or brand.</summary>
public sealed record SkuQuery(
    string? Search = null, string? Brand = null, string? Manufacturer = null, string? Category = null, ProductShape? Shape = null,
    int Page = 0, int PageSize = 25);

public sealed record SkuListItem(
    Guid Id, string Code, string? Gtin, string Name, string Brand, string Manufacturer, string Category, string Size, string Flavor,
    ProductShape Shape, int ReferenceImages);

public sealed record SkuPage(IReadOnlyList<SkuListItem> Items, int Total, int Page, int PageSize);

public sealed record CatalogFacets(IReadOnlyList<string> Brands, IReadOnlyList<string> Manufacturers, IReadOnlyList<string> Categories);

public sealed record ReferenceImageSummary(Guid Id, int Width, int Height, ReferenceImageStatus Status, DateTimeOffset UploadedAt, DateTimeOffset? IndexedAt);

public sealed record SkuDetail(SkuListItem Sku, IReadOnlyList<ReferenceImageSummary> ReferenceImages);

/// <summary>Reads the current tenant's catalog: filtered, searched, paged in SQL so it stays fast with tens of thousands of SKUs.</summary>
public sealed class SkuCatalog(IDbContextFactory<ShelfCloudDbContext> dbFactory)
{
    public const int MaxPageSize = 200;

    public async Task<SkuPage> SearchAsync(SkuQuery query, CancellationToken ct = default)
    {
        var pageSize = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var page = Math.Max(0, query.Page);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var skus = Filter(db.Skus.AsNoTracking(), query);
        var total = await skus.CountAsync(ct);
        var items = await Project(skus.OrderBy(s => s.Name).ThenBy(s => s.Code).Skip(page * pageSize).Take(pageSize)).ToListAsync(ct);
        return new SkuPage(items, total, page, pageSize);
    }

    public async Task<SkuDetail> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var sku = await Project(db.Skus.Where(s => s.Id == id)).SingleOrDefaultAsync(ct) ?? throw new NotFoundInTenantException("SKU");
        var references = await db.ReferenceImages.Where(r => r.SkuId == id).OrderBy(r => r.UploadedAt)
            .Select(r => new ReferenceImageSummary(r.Id, r.Width, r.Height, r.Status, r.UploadedAt, r.IndexedAt)).ToListAsync(ct);
        return new SkuDetail(sku, references);
    }

    public async Task<CatalogFacets> FacetsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return new CatalogFacets(
            await Distinct(db.Skus.Select(s => s.Brand), ct),
            await Distinct(db.Skus.Select(s => s.Manufacturer), ct),
            await Distinct(db.Skus.Select(s => s.Category), ct));
    }

    private static Task<List<string>> Distinct(IQueryable<string> values, CancellationToken ct) =>
        values.Where(v => v != "").Distinct().OrderBy(v => v).ToListAsync(ct);

    private static IQueryable<Sku> Filter(IQueryable<Sku> skus, SkuQuery query)
    {
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var pattern = $"%{EscapeLike(query.Search.Trim())}%";
            skus = skus.Where(s => EF.Functions.Like(s.Name, pattern, "\\") || EF.Functions.Like(s.Code, pattern, "\\")
                || EF.Functions.Like(s.Brand, pattern, "\\") || (s.Gtin != null && EF.Functions.Like(s.Gtin, pattern, "\\")));
        }
        if (!string.IsNullOrWhiteSpace(query.Brand))
            skus = skus.Where(s => s.Brand == query.Brand);
        if (!string.IsNullOrWhiteSpace(query.Manufacturer))
            skus = skus.Where(s => s.Manufacturer == query.Manufacturer);
        if (!string.IsNullOrWhiteSpace(query.Category))
            skus = skus.Where(s => s.Category == query.Category);
        if (query.Shape is { } shape)
            skus = skus.Where(s => s.Shape == shape);
        return skus;
    }

    private static string EscapeLike(string text) => text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");

    private static IQueryable<SkuListItem> Project(IQueryable<Sku> skus) =>
        skus.Select(s => new SkuListItem(s.Id, s.Code, s.Gtin, s.Name, s.Brand, s.Manufacturer, s.Category, s.Size, s.Flavor, s.Shape, s.ReferenceImages.Count));
}
