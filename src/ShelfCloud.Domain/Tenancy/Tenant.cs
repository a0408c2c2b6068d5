namespace ShelfCloud.Domain.Tenancy;

/// <summary>A retail chain using ShelfCloud. The slug is its stable, URL-safe handle.</summary>
public sealed class Tenant
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public RealgramSettings Realgram { get; set; } = new();
}
