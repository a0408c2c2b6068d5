namespace ShelfCloud.Domain.Tenancy;

/// <summary>A row that belongs to exactly one tenant. Infrastructure filters and guards every such row.</summary>
public interface ITenantOwned
{
    Guid TenantId { get; set; }
}
