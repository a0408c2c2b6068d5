using Microsoft.EntityFrameworkCore;
using ShelfCloud.Domain.Catalog;
using ShelfCloud.Infrastructure.Audit;
using ShelfCloud.Infrastructure.Data;

namespace ShelfCloud.Infrastructure.Catalog;

public enum ImportAction
{
    Create,
    Update,
    Unchanged,
    Invalid,
}

public sealed record ImportPreviewRow(CatalogCsvRow Row, ImportAction Action, Guid? ExistingSkuId);

/// <summary>What an import would do, row by row. Nothing is written until <see cref="CatalogImport.ApplyAsync"/>.</summary>
public sealed record ImportPreview(IReadOnlyList<ImportPreviewRow> Rows, IReadOnlyList<string> FileErrors)
{
    /// <summary>What the import guessed and the user should check (the file's encoding); they do not block it.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public int Creates => Rows.Count(r => r.Action == ImportAction.Create);
    public int Updates => Rows.Count(r => r.Action == ImportAction.Update);
    public int Unchanged => Rows.Count(r => r.Action == ImportAction.Unchanged);
    public int Invalid => Rows.Count(r => r.Action == ImportAction.Invalid);
    public bool CanApply => FileErrors.Count == 0 && Invalid == 0 && Rows.Count > 0;
}

public sealed record ImportResult(int Created, int Updated, int Unchanged);

/// <summary>Refused because the file has errors; nothing was written.</summary>
public sealed class CatalogImportException(ImportPreview preview)
    : Exception($"The file has {preview.FileErrors.Count + preview.Invalid} error(s); nothing was imported.")
{
    public ImportPreview Preview { get; } = preview;
}

/// <summary>
/// CSV import into the current tenant's catalog: a preview first, then an all-or-nothing upsert. A row matches an existing
/// SKU by code, else by GTIN; importing the same file twice changes nothing the second time. A row whose code and GTIN
/// name two different SKUs, and rows that would update one SKU twice (one matching it by code, another by GTIN), are
/// row errors: the import never merges them silently.
/// </summary>
public sealed class CatalogImport(IDbContextFactory<ShelfCloudDbContext> dbFactory, AuditLog audit, TimeProvider clock)
{
    public Task<ImportPreview> PreviewAsync(string csv, CancellationToken ct = default) => PreviewAsync(CatalogText.FromString(csv), ct);

    public async Task<ImportPreview> PreviewAsync(CatalogText file, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await PreviewAsync(db, file, ct);
    }

    public Task<ImportResult> ApplyAsync(string csv, CancellationToken ct = default) => ApplyAsync(CatalogText.FromString(csv), ct);

    public async Task<ImportResult> ApplyAsync(CatalogText file, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var preview = await PreviewAsync(db, file, ct);
        if (!preview.CanApply)
            throw new CatalogImportException(preview);

        var toUpdate = preview.Rows.Where(r => r.Action == ImportAction.Update).Select(r => r.ExistingSkuId!.Value).ToList();
        var existing = await db.Skus.Where(s => toUpdate.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        var now = clock.GetUtcNow();
        foreach (var row in preview.Rows)
        {
            switch (row.Action)
            {
                case ImportAction.Create:
                    var sku = new Sku { Code = row.Row.Code, Name = row.Row.Name, CreatedAt = now };
                    CopyAttributes(row.Row, sku);
                    db.Skus.Add(sku);
                    break;
                case ImportAction.Update:
                    CopyAttributes(row.Row, existing[row.ExistingSkuId!.Value]);
                    break;
            }
        }
        audit.Record(db, "catalog.imported", $"{preview.Creates} created, {preview.Updates} updated, {preview.Unchanged} unchanged");
        await db.SaveChangesAsync(ct);
        return new ImportResult(preview.Creates, preview.Updates, preview.Unchanged);
    }

    private static async Task<ImportPreview> PreviewAsync(ShelfCloudDbContext db, CatalogText file, CancellationToken ct)
    {
        var csv = CatalogCsvReader.Read(file.Content);
        IReadOnlyList<string> warnings = file.Warning is { } warning ? [warning] : [];
        if (csv.FileErrors.Count > 0)
            return new ImportPreview([], csv.FileErrors) { Warnings = warnings };
        var current = await db.Skus.AsNoTracking().ToListAsync(ct);
        var byCode = current.ToDictionary(s => s.Code, StringComparer.OrdinalIgnoreCase);
        var byGtin = current.Where(s => s.Gtin is not null).GroupBy(s => s.Gtin!).ToDictionary(g => g.Key, g => g.First());
        var rows = csv.Rows.Select(row =>
        {
            if (!row.IsValid)
                return new ImportPreviewRow(row, ImportAction.Invalid, null);
            var codeMatch = byCode.GetValueOrDefault(row.Code);
            var gtinMatch = row.Gtin is { } gtin ? byGtin.GetValueOrDefault(gtin) : null;
            if (codeMatch is not null && gtinMatch is not null && codeMatch.Id != gtinMatch.Id)
                return Invalid(row, $"gtin '{row.Gtin}' belongs to SKU '{gtinMatch.Code}', not to '{codeMatch.Code}'.");
            var match = codeMatch ?? gtinMatch;
            if (match is null)
                return new ImportPreviewRow(row, ImportAction.Create, null);
            return new ImportPreviewRow(row, SameAttributes(row, match) ? ImportAction.Unchanged : ImportAction.Update, match.Id);
        }).ToList();
        return new ImportPreview(WithoutDoubleMatches(rows, current), []) { Warnings = warnings };
    }

    /// <summary>Rows that match the same existing SKU (one by code, another by GTIN) would overwrite each other.</summary>
    private static List<ImportPreviewRow> WithoutDoubleMatches(List<ImportPreviewRow> rows, List<Sku> current)
    {
        var lines = rows.Where(r => r.ExistingSkuId is not null).GroupBy(r => r.ExistingSkuId!.Value)
            .Where(g => g.Count() > 1).ToDictionary(g => g.Key, g => g.Select(r => r.Row.Line).ToList());
        if (lines.Count == 0)
            return rows;
        var codes = current.ToDictionary(s => s.Id, s => s.Code);
        return rows.Select(r => r.ExistingSkuId is { } id && lines.TryGetValue(id, out var shared)
            ? Invalid(r.Row, $"lines {string.Join(" and ", shared)} all match SKU '{codes[id]}' (by code or GTIN); keep one of them.")
            : r).ToList();
    }

    private static ImportPreviewRow Invalid(CatalogCsvRow row, string error) =>
        new(row with { Errors = [.. row.Errors, error] }, ImportAction.Invalid, null);

    private static bool SameAttributes(CatalogCsvRow row, Sku sku)
    {
        var probe = new Sku { Code = sku.Code, Name = sku.Name };
        CopyAttributes(row, probe);
        return probe.Code == sku.Code && probe.Gtin == sku.Gtin && probe.Name == sku.Name && probe.Brand == sku.Brand
            && probe.Manufacturer == sku.Manufacturer && probe.Category == sku.Category && probe.Size == sku.Size
            && probe.Flavor == sku.Flavor && probe.Shape == sku.Shape;
    }

    private static void CopyAttributes(CatalogCsvRow row, Sku sku)
    {
        sku.Code = row.Code;
        sku.Gtin = row.Gtin;
        sku.Name = row.Name;
        sku.Brand = row.Brand;
        sku.Manufacturer = row.Manufacturer;
        sku.Category = row.Category;
        sku.Size = row.Size;
        sku.Flavor = row.Flavor;
        sku.Shape = row.Shape;
    }
}
