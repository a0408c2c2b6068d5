using ShelfCloud.Domain.Tenancy;

namespace ShelfCloud.Domain.Audit;

/// <summary>Who did what in a tenant, and when. Append-only.</summary>
public sealed class AuditEntry : ITenantOwned
{
    public long Id { get; set; }
    public Guid TenantId { get; set; }
    public DateTimeOffset At { get; set; }
    public string? UserId { get; set; }
    public string? UserName { get; set; }
    public required string Action { get; set; }
    public string Detail { get; set; } = "";
}
