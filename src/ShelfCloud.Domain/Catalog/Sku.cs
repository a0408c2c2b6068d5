using ShelfCloud.Domain.Tenancy;

namespace ShelfCloud.Domain.Catalog;

/// <summary>A stock-keeping unit in a tenant's catalog. <see cref="Code"/> is unique per tenant.</summary>
public sealed class Sku : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public required string Code { get; set; }
    public string? Gtin { get; set; }
    public required string Name { get; set; }
    public string Brand { get; set; } = "";
    public string Manufacturer { get; set; } = "";
    public string Category { get; set; } = "";
    public string Size { get; set; } = "";
    public string Flavor { get; set; } = "";
    public ProductShape Shape { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<ReferenceImage> ReferenceImages { get; set; } = [];
}
