using Microsoft.AspNetCore.Identity;

namespace ShelfCloud.Infrastructure.Data;

/// <summary>
/// A portal user. Tenant users have <see cref="TenantId"/>; platform admins have none and work in a tenant
/// only after choosing one (<see cref="ActingTenantId"/>), which is audited.
/// </summary>
public sealed class ApplicationUser : IdentityUser
{
    public Guid? TenantId { get; set; }
    public Guid? ActingTenantId { get; set; }
    public string DisplayName { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}
