using ShelfCloud.Domain.Tenancy;

namespace ShelfCloud.Domain.Onboarding;

public sealed class Store : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public required string Name { get; set; }
    public string? Address { get; set; }
    public string TimeZone { get; set; } = "UTC";
    public DateTimeOffset CreatedAt { get; set; }
    public List<Shelf> Shelves { get; set; } = [];
}
