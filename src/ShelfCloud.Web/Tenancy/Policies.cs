using Microsoft.AspNetCore.Authorization;
using ShelfCloud.Domain.Tenancy;
using ShelfCloud.Infrastructure.Tenancy;

namespace ShelfCloud.Web.Tenancy;

/// <summary>The portal's authorization policies; pages and endpoints name these, never raw roles.</summary>
public static class Policies
{
    /// <summary>Any signed-in user working inside a tenant.</summary>
    public const string TenantMember = nameof(TenantMember);

    /// <summary>Onboarding and tenant settings: tenant admins, and platform admins who chose this tenant.</summary>
    public const string TenantAdmin = nameof(TenantAdmin);

    /// <summary>Reading the catalog: everyone in the tenant who works with SKUs (not suppliers, who see only their brands' figures).</summary>
    public const string CatalogReader = nameof(CatalogReader);

    /// <summary>The review queue: annotators, and tenant admins who review too.</summary>
    public const string Reviewer = nameof(Reviewer);

    /// <summary>Availability pages and exports: tenant admins, store managers, and platform admins who chose this tenant.</summary>
    public const string StoreMonitor = nameof(StoreMonitor);

    /// <summary>Share of shelf: store monitors and suppliers (whom the share service limits to their own brands).</summary>
    public const string ShareOfShelfReader = nameof(ShareOfShelfReader);

    /// <summary>Tenants and platform health.</summary>
    public const string PlatformAdmin = nameof(PlatformAdmin);

    public static AuthorizationBuilder AddShelfCloudPolicies(this AuthorizationBuilder builder) => builder
        .AddPolicy(TenantMember, p => p.RequireAuthenticatedUser().RequireClaim(TenantClaims.TenantId))
        .AddPolicy(TenantAdmin, p => p.RequireAuthenticatedUser().RequireClaim(TenantClaims.TenantId)
            .RequireRole(Roles.TenantAdmin, Roles.PlatformAdmin))
        .AddPolicy(CatalogReader, p => p.RequireAuthenticatedUser().RequireClaim(TenantClaims.TenantId)
            .RequireRole(Roles.TenantAdmin, Roles.StoreManager, Roles.Annotator, Roles.PlatformAdmin))
        .AddPolicy(Reviewer, p => p.RequireAuthenticatedUser().RequireClaim(TenantClaims.TenantId)
            .RequireRole(Roles.Annotator, Roles.TenantAdmin, Roles.PlatformAdmin))
        .AddPolicy(StoreMonitor, p => p.RequireAuthenticatedUser().RequireClaim(TenantClaims.TenantId)
            .RequireRole(Roles.TenantAdmin, Roles.StoreManager, Roles.PlatformAdmin))
        .AddPolicy(ShareOfShelfReader, p => p.RequireAuthenticatedUser().RequireClaim(TenantClaims.TenantId)
            .RequireRole(Roles.TenantAdmin, Roles.StoreManager, Roles.PlatformAdmin, Roles.Supplier))
        .AddPolicy(PlatformAdmin, p => p.RequireAuthenticatedUser().RequireRole(Roles.PlatformAdmin));
}
