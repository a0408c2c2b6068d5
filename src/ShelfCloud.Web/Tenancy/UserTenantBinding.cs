using System.Security.Claims;
using ShelfCloud.Infrastructure.Audit;
using ShelfCloud.Infrastructure.Tenancy;

namespace ShelfCloud.Web.Tenancy;

/// <summary>The one rule mapping a signed-in principal to the tenant and audit actor of a DI scope.</summary>
internal static class UserTenantBinding
{
    public static void Bind(ClaimsPrincipal user, TenantContext tenant, CurrentActor actor)
    {
        if (user.Identity?.IsAuthenticated != true)
            return;
        if (TenantClaims.ReadTenantId(user) is { } tenantId && tenant.TenantId is null)
            tenant.Enter(tenantId);
        actor.Set(user.FindFirstValue(ClaimTypes.NameIdentifier), user.Identity.Name ?? "unknown");
    }
}
