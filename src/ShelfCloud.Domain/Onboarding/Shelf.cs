using ShelfCloud.Domain.Tenancy;

namespace ShelfCloud.Domain.Onboarding;

public sealed class Shelf : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public Guid StoreId { get; set; }
    public Store? Store { get; set; }
    public required string Name { get; set; }
    public string? Aisle { get; set; }
    public string? Category { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<Camera> Cameras { get; set; } = [];
}
