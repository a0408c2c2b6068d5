namespace ShelfCloud.Domain.Tenancy;

public enum SupplierScopeKind
{
    Manufacturer,
    Brand,
}

/// <summary>One manufacturer or brand that a supplier user may see figures for.</summary>
public sealed class SupplierScope : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public required string UserId { get; set; }
    public SupplierScopeKind Kind { get; set; }
    public required string Value { get; set; }
}
