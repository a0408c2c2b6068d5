using Microsoft.EntityFrameworkCore;
using ShelfCloud.Domain.Audit;
using ShelfCloud.Domain.Catalog;
using ShelfCloud.Infrastructure.Audit;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Onboarding;

namespace ShelfCloud.Infrastructure.Catalog;

/// <summary>One SKU's attributes as a form gives them.</summary>
public sealed record SkuInput(
    string Code, string Name, string? Gtin = null, string Brand = "", string Manufacturer = "", string Category = "", string Size = "", string Flavor = "",
    ProductShape Shape = default);

/// <summary>Refused SKU input, with the reason.</summary>
public sealed class SkuInputException(string message) : Exception(message);

/// <summary>Adds one SKU to the current tenant's catalog or edits one, with the rules the CSV import applies (unique code and GTIN, a valid GTIN).</summary>
public sealed class SkuEditor(IDbContextFactory<ShelfCloudDbContext> dbFactory, AuditLog audit, TimeProvider clock)
{
    /// <exception cref="SkuInputException">No code or name, a code or GTIN another SKU has, an invalid GTIN.</exception>
    public async Task<Guid> CreateAsync(SkuInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (code, name, gtin) = await ValidateAsync(db, input, null, ct);
        var sku = new Sku { Code = code, Name = name, CreatedAt = clock.GetUtcNow() };
        Apply(sku, input, gtin);
        db.Skus.Add(sku);
        audit.Record(db, AuditActions.SkuCreated, $"{code} {name}");
        await db.SaveChangesAsync(ct);
        return sku.Id;
    }

    /// <exception cref="NotFoundInTenantException">No such SKU in the tenant.</exception>
    /// <exception cref="SkuInputException">As for <see cref="CreateAsync"/>.</exception>
    public async Task UpdateAsync(Guid id, SkuInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var sku = await db.Skus.SingleOrDefaultAsync(s => s.Id == id, ct) ?? throw new NotFoundInTenantException("SKU");
        var (code, name, gtin) = await ValidateAsync(db, input, id, ct);
        (sku.Code, sku.Name) = (code, name);
        Apply(sku, input, gtin);
        audit.Record(db, AuditActions.SkuUpdated, $"{code} {name}");
        await db.SaveChangesAsync(ct);
    }

    private static async Task<(string Code, string Name, string? Gtin)> ValidateAsync(ShelfCloudDbContext db, SkuInput input, Guid? self, CancellationToken ct)
    {
        var code = input.Code.Trim();
        var name = input.Name.Trim();
        var gtin = string.IsNullOrWhiteSpace(input.Gtin) ? null : input.Gtin.Trim();
        if (code.Length == 0 || name.Length == 0)
            throw new SkuInputException("A SKU needs a code and a name.");
        if (gtin is not null && !Gtin.IsValid(gtin))
            throw new SkuInputException($"'{gtin}' is not a valid GTIN (8, 12, 13 or 14 digits with a right check digit).");
        if (await db.Skus.AnyAsync(s => s.Code == code && s.Id != self, ct))
            throw new SkuInputException($"Another SKU has the code '{code}'.");
        if (gtin is not null && await db.Skus.AnyAsync(s => s.Gtin == gtin && s.Id != self, ct))
            throw new SkuInputException($"Another SKU has the GTIN '{gtin}'.");
        return (code, name, gtin);
    }

    private static void Apply(Sku sku, SkuInput input, string? gtin)
    {
        sku.Gtin = gtin;
        sku.Brand = input.Brand.Trim();
        sku.Manufacturer = input.Manufacturer.Trim();
        sku.Category = input.Category.Trim();
        sku.Size = input.Size.Trim();
        sku.Flavor = input.Flavor.Trim();
        sku.Shape = input.Shape;
    }
}
