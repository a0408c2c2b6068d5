using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Tenancy;

namespace ShelfCloud.Infrastructure.Identity;

/// <summary>Puts the tenant the user works in (own tenant, or a platform admin's chosen one) into the sign-in cookie.</summary>
public sealed class ShelfCloudClaimsPrincipalFactory(
    UserManager<ApplicationUser> userManager, RoleManager<IdentityRole> roleManager, IOptions<IdentityOptions> options,
    IDbContextFactory<ShelfCloudDbContext> dbFactory)
    : UserClaimsPrincipalFactory<ApplicationUser, IdentityRole>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(TenantClaims.DisplayName, string.IsNullOrEmpty(user.DisplayName) ? user.Email ?? "" : user.DisplayName));
        if ((user.TenantId ?? user.ActingTenantId) is not { } tenantId)
            return identity;
        await using var db = await dbFactory.CreateDbContextAsync();
        var tenant = await db.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Id == tenantId);
        if (tenant is null)
            return identity;
        identity.AddClaim(new Claim(TenantClaims.TenantId, tenant.Id.ToString()));
        identity.AddClaim(new Claim(TenantClaims.TenantSlug, tenant.Slug));
        identity.AddClaim(new Claim(TenantClaims.TenantName, tenant.Name));
        return identity;
    }
}
